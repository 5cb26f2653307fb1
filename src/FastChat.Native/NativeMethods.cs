using System.Runtime.InteropServices;

namespace FastChat.Native;

/// <summary>
/// Raw bindings to include/fastchat.h. Callers go through <see cref="FastChatNative"/> and the
/// SafeHandle wrappers, which make sure the library is loaded and ABI-checked first.
/// </summary>
internal static partial class NativeMethods
{
    internal const string LibraryName = "fastchat";

    [LibraryImport(LibraryName)]
    internal static partial int fc_abi_version();

    [LibraryImport(LibraryName)]
    internal static partial nint fc_build_info();

    [LibraryImport(LibraryName)]
    internal static partial int fc_cuda_compiled();

    [LibraryImport(LibraryName)]
    internal static partial int fc_cuda_device_count();

    [LibraryImport(LibraryName)]
    internal static partial nint fc_last_error();

    [LibraryImport(LibraryName)]
    internal static partial ulong fc_cpu_features();

    [LibraryImport(LibraryName)]
    internal static partial nint fc_cpu_feature_name(int feature);

    [LibraryImport(LibraryName)]
    internal static partial nint fc_cpu_kernel_path();

    [LibraryImport(LibraryName)]
    internal static partial NativeBuffer fc_buffer_alloc(nuint size, nuint alignment);

    [LibraryImport(LibraryName)]
    internal static partial nint fc_buffer_data(NativeBuffer buffer);

    [LibraryImport(LibraryName)]
    internal static partial nuint fc_buffer_size(NativeBuffer buffer);

    [LibraryImport(LibraryName)]
    internal static partial void fc_buffer_free(nint buffer);

    [LibraryImport(LibraryName)]
    internal static partial long fc_buffer_live_count();

    internal static string? PtrToString(nint utf8) => Marshal.PtrToStringUTF8(utf8);

    internal static string LastError() => PtrToString(fc_last_error()) ?? "";
}
