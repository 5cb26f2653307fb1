using System.Runtime.InteropServices;

namespace FastChat.Native;

/// <summary>Bindings for the row and element-wise ops (all f32).</summary>
internal static unsafe partial class NativeMethods
{
    /// <summary>fc_rope_params, field for field.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct RopeParams
    {
        public int NDims;
        public int NeoX;
        public float FreqBase;
        public float FreqScale;
        public float ExtFactor;
        public float AttnFactor;
        public float BetaFast;
        public float BetaSlow;
        public int NCtxOrig;
    }

    [LibraryImport(LibraryName)]
    internal static partial int fc_rmsnorm(float* x, float* weight, float* y, long rows, long n, float eps);

    [LibraryImport(LibraryName)]
    internal static partial int fc_rope(float* x, long nTokens, long nHeads, long headDim, int* positions, RopeParams* parameters);

    [LibraryImport(LibraryName)]
    internal static partial int fc_swiglu(float* gate, float* up, float* output, long n);

    [LibraryImport(LibraryName)]
    internal static partial int fc_softmax(float* x, long rows, long n);

    [LibraryImport(LibraryName)]
    internal static partial int fc_add(float* a, float* b, float* output, long n);

    [LibraryImport(LibraryName)]
    internal static partial int fc_mul(float* a, float* b, float* output, long n);

    [LibraryImport(LibraryName)]
    internal static partial int fc_get_rows(int type, void* table, long nRows, long rowLength, int* ids, long nIds, float* output);

    [LibraryImport(LibraryName)]
    internal static partial long fc_argmax(float* x, long n);

    [LibraryImport(LibraryName)]
    internal static partial int fc_top_k(float* x, long n, long k, int* ids, float* values);
}
