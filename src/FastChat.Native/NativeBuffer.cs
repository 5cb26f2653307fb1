using System.Runtime.InteropServices;

namespace FastChat.Native;

/// <summary>An aligned, zero-initialised block of native memory (fc_buffer), freed exactly once.</summary>
public sealed class NativeBuffer : SafeHandle
{
    // Used by the LibraryImport marshaller, which creates the handle for fc_buffer_alloc's result.
    public NativeBuffer() : base(0, ownsHandle: true) { }

    public override bool IsInvalid => handle == 0;

    /// <summary>Allocates <paramref name="size"/> bytes aligned to <paramref name="alignment"/> (a power of two).</summary>
    public static NativeBuffer Allocate(long size, int alignment = 64)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        NativeLibraryLoader.EnsureLoaded();
        var buffer = NativeMethods.fc_buffer_alloc((nuint)size, (nuint)alignment);
        if (buffer.IsInvalid)
        {
            var message = NativeMethods.LastError();
            buffer.Dispose();
            throw new FastChatNativeException($"Cannot allocate a native buffer of {size} bytes: {message}");
        }
        return buffer;
    }

    /// <summary>Native buffers alive in this process (for leak checks).</summary>
    public static long LiveCount
    {
        get { NativeLibraryLoader.EnsureLoaded(); return NativeMethods.fc_buffer_live_count(); }
    }

    public long Size => (long)NativeMethods.fc_buffer_size(this);

    /// <summary>Address of the first byte; valid only while this handle is alive (use DangerousAddRef across calls).</summary>
    public nint Pointer => NativeMethods.fc_buffer_data(this);

    public unsafe Span<T> AsSpan<T>() where T : unmanaged
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        var length = checked((int)(Size / sizeof(T)));
        return new Span<T>((void*)Pointer, length);
    }

    protected override bool ReleaseHandle()
    {
        NativeMethods.fc_buffer_free(handle);
        return true;
    }
}
