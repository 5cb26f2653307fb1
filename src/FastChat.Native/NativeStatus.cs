namespace FastChat.Native;

/// <summary>fc_status codes, and the one place a failed native call becomes an exception.</summary>
internal static class NativeStatus
{
    public const int Ok = 0;
    public const int InvalidArgument = 1;
    public const int OutOfMemory = 2;
    public const int Unsupported = 3;

    /// <summary>Throws for a non-zero status, with the native thread-local message (read on the calling thread).</summary>
    public static void ThrowIfFailed(int status, string operation)
    {
        if (status == Ok) return;
        var message = $"{operation}: {NativeMethods.LastError()}";
        throw status switch
        {
            InvalidArgument => new ArgumentException(message),
            Unsupported => new NotSupportedException(message),
            OutOfMemory => new OutOfMemoryException(message),
            _ => new FastChatNativeException(message),
        };
    }
}
