using System.Runtime.CompilerServices;

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
        Throw(status, operation);
    }

    /// <summary>The same with an interpolated description that is only formatted when the call failed (no per-call allocation).</summary>
    public static void ThrowIfFailed(int status, [InterpolatedStringHandlerArgument(nameof(status))] ref FailureDescription operation)
    {
        if (status == Ok) return;
        Throw(status, operation.ToStringAndClear());
    }

    private static void Throw(int status, string operation)
    {
        var message = $"{operation}: {NativeMethods.LastError()}";
        throw status switch
        {
            InvalidArgument => new ArgumentException(message),
            Unsupported => new NotSupportedException(message),
            OutOfMemory => new OutOfMemoryException(message),
            _ => new FastChatNativeException(message),
        };
    }

    /// <summary>Formats its interpolated string only for a failed status.</summary>
    [InterpolatedStringHandler]
    public ref struct FailureDescription
    {
        private DefaultInterpolatedStringHandler _inner;

        public FailureDescription(int literalLength, int formattedCount, int status, out bool shouldAppend)
        {
            shouldAppend = status != Ok;
            _inner = shouldAppend ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
        }

        public void AppendLiteral(string value) => _inner.AppendLiteral(value);

        public void AppendFormatted<T>(T value) => _inner.AppendFormatted(value);

        public string ToStringAndClear() => _inner.ToStringAndClear();
    }
}
