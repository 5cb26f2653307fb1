using System.Runtime.InteropServices;

namespace FastChat.Native;

/// <summary>Bindings for fc_matmul and fc_matmul_path.</summary>
internal static unsafe partial class NativeMethods
{
    /// <summary>pool: an fc_threadpool handle kept alive by the caller, or 0 to run on the calling thread.</summary>
    [LibraryImport(LibraryName)]
    internal static partial int fc_matmul(nint pool, int type, void* w, long n, long k, float* x, long m, float* y);

    [LibraryImport(LibraryName)]
    internal static partial nint fc_matmul_path(int type);
}
