using System.Runtime.InteropServices;

namespace FastChat.Native;

/// <summary>Bindings for kernel-level dispatch and the thread pool.</summary>
internal static partial class NativeMethods
{
    [LibraryImport(LibraryName)]
    internal static partial int fc_kernel_level_max();

    [LibraryImport(LibraryName)]
    internal static partial int fc_set_kernel_level(int level);

    [LibraryImport(LibraryName)]
    internal static partial int fc_kernel_level();

    [LibraryImport(LibraryName)]
    internal static partial NativeThreadPool fc_threadpool_create(int threads);

    [LibraryImport(LibraryName)]
    internal static partial int fc_threadpool_size(NativeThreadPool pool);

    [LibraryImport(LibraryName)]
    internal static partial void fc_threadpool_free(nint pool);
}
