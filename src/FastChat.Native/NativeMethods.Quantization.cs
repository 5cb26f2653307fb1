using System.Runtime.InteropServices;

namespace FastChat.Native;

/// <summary>Bindings for tensor type sizes and (de)quantization.</summary>
internal static unsafe partial class NativeMethods
{
    [LibraryImport(LibraryName)]
    internal static partial long fc_type_block_size(int type);

    [LibraryImport(LibraryName)]
    internal static partial long fc_type_block_bytes(int type);

    [LibraryImport(LibraryName)]
    internal static partial long fc_type_row_bytes(int type, long n);

    [LibraryImport(LibraryName)]
    internal static partial int fc_dequantize(int type, void* source, float* destination, long n);

    [LibraryImport(LibraryName)]
    internal static partial int fc_quantize(int type, float* source, void* destination, long n);
}
