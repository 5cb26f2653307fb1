using System.Runtime.Intrinsics;

namespace FastChat.Engine.Sampling;

/// <summary>
/// Vectorised max and exp-with-sum over logits. Exp is <see cref="FastExp"/> (the same bits on every machine) and
/// sums run in a fixed order in float64 with fixed-width vectors, so the weights a draw uses do not depend on the
/// machine's SIMD width.
/// </summary>
internal static class SoftmaxMath
{
    /// <summary>Elements per partial sum kept for the draw.</summary>
    public const int BlockSize = 64;

    public static float Max(ReadOnlySpan<float> values)
    {
        var i = 0;
        var max = float.NegativeInfinity;
        if (values.Length >= Vector256<float>.Count)
        {
            var acc = Vector256.Create(float.NegativeInfinity);
            var nan = Vector256<float>.Zero;
            for (; i <= values.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var v = Vector256.Create(values.Slice(i, Vector256<float>.Count));
                acc = Vector256.Max(acc, v);
                nan |= ~Vector256.Equals(v, v);
            }
            if (nan != Vector256<float>.Zero) return float.NaN;
            for (var lane = 0; lane < Vector256<float>.Count; lane++) max = Math.Max(max, acc[lane]);
        }
        for (; i < values.Length; i++)
        {
            if (float.IsNaN(values[i])) return float.NaN;
            max = Math.Max(max, values[i]);
        }
        return max;
    }

    /// <summary>The first index holding <paramref name="value"/> (argmax with ties to the lowest id); -1 if none.</summary>
    public static int IndexOfFirst(ReadOnlySpan<float> values, float value)
    {
        // MemoryExtensions.IndexOf is not vectorised for float (NaN and -0 make it non-bitwise), so compare here.
        var i = 0;
        var target = Vector256.Create(value);
        for (; i <= values.Length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            var mask = Vector256.Equals(Vector256.Create(values.Slice(i, Vector256<float>.Count)), target).ExtractMostSignificantBits();
            if (mask != 0) return i + System.Numerics.BitOperations.TrailingZeroCount(mask);
        }
        for (; i < values.Length; i++)
            if (values[i] == value) return i;
        return -1;
    }

    /// <summary>
    /// weights[i] = exp((source[i] - shift) * scale); blockSums[b] = Σ of weights in block b (float64);
    /// returns the total.
    /// </summary>
    public static double ExpScaled(ReadOnlySpan<float> source, Span<float> weights, Span<double> blockSums, float shift, float scale)
    {
        var shiftVector = Vector256.Create(shift);
        var scaleVector = Vector256.Create(scale);
        var total = 0.0;
        Span<float> padded = stackalloc float[Vector256<float>.Count];
        for (var block = 0; block * BlockSize < source.Length; block++)
        {
            var start = block * BlockSize;
            var end = Math.Min(start + BlockSize, source.Length);
            var acc = Vector256<double>.Zero;
            var i = start;
            for (; i <= end - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var e = FastExp.Exp((Vector256.Create(source.Slice(i, Vector256<float>.Count)) - shiftVector) * scaleVector);
                e.CopyTo(weights.Slice(i, Vector256<float>.Count));
                var (low, high) = Vector256.Widen(e);
                acc += low + high;
            }
            var sum = Vector256.Sum(acc);
            if (i < end)
            {
                // The tail goes through the same vector exp, padded with -∞ (weight 0).
                padded.Fill(float.NegativeInfinity);
                source[i..end].CopyTo(padded);
                var e = FastExp.Exp((Vector256.Create(padded) - shiftVector) * scaleVector);
                for (var lane = 0; i < end; i++, lane++)
                {
                    weights[i] = e[lane];
                    sum += e[lane];
                }
            }
            blockSums[block] = sum;
            total += sum;
        }
        return total;
    }
}
