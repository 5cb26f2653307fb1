using System.Runtime.InteropServices;

namespace FastChat.Native;

/// <summary>
/// A persistent native thread pool (fc_threadpool): kernels given one split their work over its workers and
/// the calling thread, without creating threads per call. One kernel runs on a pool at a time; give each
/// concurrent caller (e.g. each model runner) its own pool.
/// </summary>
public sealed class NativeThreadPool : SafeHandle
{
    // Used by the LibraryImport marshaller for fc_threadpool_create's result.
    public NativeThreadPool() : base(0, ownsHandle: true) { }

    public override bool IsInvalid => handle == 0;

    /// <summary>A pool of <paramref name="threads"/> threads in all, the caller included (1 = no workers).</summary>
    public static NativeThreadPool Create(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        NativeLibraryLoader.EnsureLoaded();
        var pool = NativeMethods.fc_threadpool_create(threads);
        if (pool.IsInvalid)
        {
            var message = NativeMethods.LastError();
            pool.Dispose();
            throw new FastChatNativeException($"Cannot create a thread pool of {threads} threads: {message}");
        }
        return pool;
    }

    public int ThreadCount => NativeMethods.fc_threadpool_size(this);

    protected override bool ReleaseHandle()
    {
        NativeMethods.fc_threadpool_free(handle);
        return true;
    }
}
