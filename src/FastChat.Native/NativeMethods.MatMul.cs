using System.Runtime.InteropServices;

namespace FastChat.Native;

/// <summary>Bindings for fc_matmul, fc_matmul_path and the repacked-weight matmul.</summary>
internal static unsafe partial class NativeMethods
{
    /// <summary>pool: an fc_threadpool handle kept alive by the caller, or 0 to run on the calling thread.</summary>
    [LibraryImport(LibraryName)]
    internal static partial int fc_matmul(nint pool, int type, void* w, long n, long k, float* x, long m, float* y);

    [LibraryImport(LibraryName)]
    internal static partial nint fc_matmul_path(int type);

    [LibraryImport(LibraryName)]
    internal static partial int fc_repack_supported(int type);

    [LibraryImport(LibraryName)]
    internal static partial long fc_repack_bytes(int type, long n, long k);

    [LibraryImport(LibraryName)]
    internal static partial int fc_repack(nint pool, int type, void* w, long n, long k, void* dst, long dstBytes);

    [LibraryImport(LibraryName)]
    internal static partial int fc_matmul_repacked(nint pool, int type, void* packed, long n, long k, float* x, long m, float* y);

    [LibraryImport(LibraryName)]
    internal static partial int fc_release_mapped_pages(void* addr, nuint bytes);
}
