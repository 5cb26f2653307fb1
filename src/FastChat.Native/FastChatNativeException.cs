namespace FastChat.Native;

/// <summary>The native library is missing, incompatible, or a native call failed.</summary>
public sealed class FastChatNativeException : Exception
{
    public FastChatNativeException(string message) : base(message) { }

    public FastChatNativeException(string message, Exception inner) : base(message, inner) { }
}
