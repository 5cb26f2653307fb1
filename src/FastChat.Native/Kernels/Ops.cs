using FastChat.Gguf;

namespace FastChat.Native.Kernels;

/// <summary>
/// Rotary position embedding settings (fc_rope_params). <see cref="Dimensions"/> leading dimensions of each
/// head rotate; the defaults are plain RoPE with base 10000. <see cref="NeoX"/> pairs (i, i + n/2) instead of
/// (2i, 2i+1). <see cref="FreqScale"/> is 1 / the linear scaling factor; <see cref="ExtFactor"/> &gt; 0 turns on
/// YaRN, which also needs <see cref="OriginalContext"/>.
/// </summary>
public readonly record struct RopeParameters(
    int Dimensions,
    bool NeoX = false,
    float FreqBase = 10000f,
    float FreqScale = 1f,
    float ExtFactor = 0f,
    float AttnFactor = 1f,
    float BetaFast = 32f,
    float BetaSlow = 1f,
    int OriginalContext = 0)
{
    internal NativeMethods.RopeParams ToNative() => new()
    {
        NDims = Dimensions,
        NeoX = NeoX ? 1 : 0,
        FreqBase = FreqBase,
        FreqScale = FreqScale,
        ExtFactor = ExtFactor,
        AttnFactor = AttnFactor,
        BetaFast = BetaFast,
        BetaSlow = BetaSlow,
        NCtxOrig = OriginalContext,
    };
}

/// <summary>
/// The f32 row and element-wise ops of a transformer layer. Span lengths are checked here, so a wrong
/// length is an <see cref="ArgumentException"/> and never a native overrun; invalid values the native side
/// finds (an out-of-range token id, bad RoPE settings) are <see cref="ArgumentException"/>s too.
/// Outputs may be the very same span as an input (in place) but must not partially overlap one.
/// </summary>
public static unsafe class Ops
{
    /// <summary>y = x / sqrt(mean(x²) + eps) * weight per row of <paramref name="rowLength"/>; an empty weight means none.</summary>
    public static void RmsNorm(ReadOnlySpan<float> x, Span<float> y, int rowLength, float eps, ReadOnlySpan<float> weight = default)
    {
        var rows = Rows(x.Length, rowLength, nameof(x));
        SameLength(x.Length, y.Length, nameof(y));
        CheckAlias(x, y, nameof(y));
        if (!weight.IsEmpty) SameLength(rowLength, weight.Length, nameof(weight));
        NativeLibraryLoader.EnsureLoaded();
        fixed (float* px = x)
        fixed (float* py = y)
        fixed (float* pw = weight)
        {
            NativeStatus.ThrowIfFailed(NativeMethods.fc_rmsnorm(px, weight.IsEmpty ? null : pw, py, rows, rowLength, eps), "rmsnorm");
        }
    }

    /// <summary>RMS-normalises the rows of <paramref name="x"/> in place.</summary>
    public static void RmsNormInPlace(Span<float> x, int rowLength, float eps, ReadOnlySpan<float> weight = default) =>
        RmsNorm(x, x, rowLength, eps, weight);

    /// <summary>
    /// Rotates <paramref name="x"/> = [tokens][heads][headDim] in place; token t is at <paramref name="positions"/>[t].
    /// </summary>
    public static void Rope(Span<float> x, int heads, int headDim, ReadOnlySpan<int> positions, in RopeParameters parameters)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(heads);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(headDim);
        SameLength(checked((long)positions.Length * heads * headDim), x.Length, nameof(x));
        var native = parameters.ToNative();
        NativeLibraryLoader.EnsureLoaded();
        fixed (float* px = x)
        fixed (int* pp = positions)
        {
            NativeStatus.ThrowIfFailed(NativeMethods.fc_rope(px, positions.Length, heads, headDim, pp, &native), "rope");
        }
    }

    /// <summary>output = silu(gate) * up.</summary>
    public static void SwiGlu(ReadOnlySpan<float> gate, ReadOnlySpan<float> up, Span<float> output) =>
        Binary(gate, up, output, &NativeMethods.fc_swiglu, "swiglu");

    /// <summary>Numerically stable softmax of each row of <paramref name="rowLength"/>, in place.</summary>
    public static void Softmax(Span<float> x, int rowLength)
    {
        var rows = Rows(x.Length, rowLength, nameof(x));
        NativeLibraryLoader.EnsureLoaded();
        fixed (float* px = x)
        {
            NativeStatus.ThrowIfFailed(NativeMethods.fc_softmax(px, rows, rowLength), "softmax");
        }
    }

    /// <summary>output = a + b.</summary>
    public static void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output) =>
        Binary(a, b, output, &NativeMethods.fc_add, "add");

    /// <summary>output = a * b, element-wise.</summary>
    public static void Mul(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output) =>
        Binary(a, b, output, &NativeMethods.fc_mul, "mul");

    /// <summary>
    /// Embedding lookup: output row i = dequantized row ids[i] of <paramref name="table"/>, whole rows of
    /// <paramref name="rowLength"/> elements of <paramref name="type"/>. An id outside the table is an
    /// <see cref="ArgumentException"/> and nothing is written.
    /// </summary>
    public static void GetRows(GgmlType type, ReadOnlySpan<byte> table, int rowLength, ReadOnlySpan<int> ids, Span<float> output)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowLength);
        var rowBytes = Quantization.RowBytes(type, rowLength);
        if (table.Length % rowBytes != 0)
            throw new ArgumentException(
                $"{table.Length} bytes are not whole rows of {rowBytes} bytes ({rowLength} x {type}).", nameof(table));
        SameLength(checked((long)ids.Length * rowLength), output.Length, nameof(output));
        NativeLibraryLoader.EnsureLoaded();
        fixed (byte* pt = table)
        fixed (int* pi = ids)
        fixed (float* po = output)
        {
            NativeStatus.ThrowIfFailed(
                NativeMethods.fc_get_rows((int)type, pt, table.Length / rowBytes, rowLength, pi, ids.Length, po), "get_rows");
        }
    }

    /// <summary>Index of the largest element (the first on ties; NaN never wins over a number); -1 for an empty span.</summary>
    public static int ArgMax(ReadOnlySpan<float> x)
    {
        NativeLibraryLoader.EnsureLoaded();
        fixed (float* px = x)
        {
            return (int)NativeMethods.fc_argmax(px, x.Length);
        }
    }

    /// <summary>
    /// The ids.Length largest elements of <paramref name="x"/>, sorted descending (ties: lower index first);
    /// <paramref name="values"/> receives their values and must be as long as <paramref name="ids"/>, or empty.
    /// </summary>
    public static void TopK(ReadOnlySpan<float> x, Span<int> ids, Span<float> values = default)
    {
        if (ids.Length > x.Length)
            throw new ArgumentException($"Cannot select {ids.Length} of {x.Length} elements.", nameof(ids));
        if (!values.IsEmpty) SameLength(ids.Length, values.Length, nameof(values));
        NativeLibraryLoader.EnsureLoaded();
        fixed (float* px = x)
        fixed (int* pi = ids)
        fixed (float* pv = values)
        {
            NativeStatus.ThrowIfFailed(NativeMethods.fc_top_k(px, x.Length, ids.Length, pi, values.IsEmpty ? null : pv), "top_k");
        }
    }

    private static long Rows(int length, int rowLength, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowLength);
        if (length % rowLength != 0)
            throw new ArgumentException($"{length} elements are not whole rows of {rowLength}.", name);
        return length / rowLength;
    }

    private static void SameLength(long expected, int actual, string name)
    {
        if (actual != expected)
            throw new ArgumentException($"Expected {expected} elements, got {actual}.", name);
    }

    // The element-wise binary ops differ only in the native function they call.
    private static void Binary(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output,
                               delegate*<float*, float*, float*, long, int> op, string name)
    {
        SameLength(output.Length, a.Length, nameof(a));
        SameLength(output.Length, b.Length, nameof(b));
        CheckAlias(a, output, nameof(output));
        CheckAlias(b, output, nameof(output));
        NativeLibraryLoader.EnsureLoaded();
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* po = output)
        {
            NativeStatus.ThrowIfFailed(op(pa, pb, po, output.Length), name);
        }
    }

    // Element i of the output may be element i of an input, but a shifted overlap would read values already overwritten.
    private static void CheckAlias(ReadOnlySpan<float> input, Span<float> output, string name)
    {
        if (input.Overlaps(output, out var offset) && offset != 0)
            throw new ArgumentException("The output partially overlaps an input.", name);
    }
}
