namespace FastChat.Engine.Sampling;

/// <summary>
/// Draws an index with probability proportional to exp((logit - max) / temperature). <see cref="Prepare"/> computes
/// the weights and their block sums (float64, fixed order); <see cref="Draw"/> picks a block from the sums, then an
/// index inside it, so a draw costs one pass for the weights plus a short scan.
/// </summary>
internal sealed class WeightedDraw(int capacity)
{
    private readonly float[] _weights = new float[capacity];
    private readonly double[] _blockSums = new double[(capacity + SoftmaxMath.BlockSize - 1) / SoftmaxMath.BlockSize];
    private int _count;

    /// <summary>The weights of the last <see cref="Prepare"/>.</summary>
    public ReadOnlySpan<float> Weights => _weights.AsSpan(0, _count);

    /// <summary>Computes the weights of <paramref name="logits"/>; returns their sum.</summary>
    public double Prepare(ReadOnlySpan<float> logits, float max, float inverseTemperature)
    {
        _count = logits.Length;
        return SoftmaxMath.ExpScaled(logits, _weights.AsSpan(0, _count), _blockSums, max, inverseTemperature);
    }

    /// <summary>The index whose cumulative weight first exceeds <paramref name="uniform"/> (in [0, 1)) times the total.</summary>
    public int Draw(double uniform)
    {
        var blocks = (_count + SoftmaxMath.BlockSize - 1) / SoftmaxMath.BlockSize;
        var total = 0.0;
        for (var b = 0; b < blocks; b++) total += _blockSums[b];
        var target = uniform * total;
        for (var b = 0; b < blocks; b++)
        {
            if (target >= _blockSums[b] && b < blocks - 1)
            {
                target -= _blockSums[b];
                continue;
            }
            var start = b * SoftmaxMath.BlockSize;
            var end = Math.Min(start + SoftmaxMath.BlockSize, _count);
            var lastPositive = -1;
            for (var i = start; i < end; i++)
            {
                if (_weights[i] <= 0f) continue;
                lastPositive = i;
                target -= _weights[i];
                if (target < 0) return i;
            }
            // Rounding left a sliver past the block's last weight: that token, the nearest, takes it.
            if (lastPositive >= 0) return lastPositive;
        }
        for (var i = _count - 1; i >= 0; i--)
            if (_weights[i] > 0f) return i;
        return 0;
    }
}
