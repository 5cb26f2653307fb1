namespace FastChat.Engine.Benchmarking;

/// <summary>
/// One llama-bench style test: "pp512" (prompt processing) or "tg128" (token generation) at a depth, with the
/// tokens/s of every repetition. Generation tests also carry the kernel-time share and the memory-roofline numbers.
/// </summary>
public sealed record BenchmarkResult(string Test, int Threads, int Depth, IReadOnlyList<double> TokensPerSecond)
{
    public double Mean => TokensPerSecond.Average();

    /// <summary>Sequences decoding together (tg with --parallel); the rates are their aggregate tokens/s.</summary>
    public int Sequences { get; init; } = 1;

    /// <summary>The test as llama-bench prints it, with the depth and the number of parallel sequences.</summary>
    public string Label => Test + (Depth > 0 ? $" @ d{Depth}" : "") + (Sequences > 1 ? $" x{Sequences}" : "");

    /// <summary>Sample standard deviation (0 for a single repetition).</summary>
    public double StandardDeviation
    {
        get
        {
            if (TokensPerSecond.Count < 2) return 0;
            var mean = Mean;
            return Math.Sqrt(TokensPerSecond.Sum(v => (v - mean) * (v - mean)) / (TokensPerSecond.Count - 1));
        }
    }

    /// <summary>Share of the step time spent outside native kernels (sampling, detokenizing, managed glue); null if not measured.</summary>
    public double? OverheadFraction { get; init; }

    /// <summary>Bytes a generated token reads: every weight matrix once plus the KV cache at the test's depth.</summary>
    public long? BytesPerToken { get; init; }

    /// <summary>Read bandwidth (GB/s) measured right before each repetition, in the order of <see cref="TokensPerSecond"/>.</summary>
    public IReadOnlyList<double>? BandwidthSamples { get; init; }

    /// <summary>Mean measured read bandwidth the test is compared with (GB/s).</summary>
    public double? BandwidthGBs => BandwidthSamples is { Count: > 0 } s ? s.Average() : null;

    /// <summary>
    /// Achieved bytes/s over the bandwidth, repetition by repetition against the bandwidth measured just before it,
    /// averaged: 1.0 means decode runs at the memory limit.
    /// </summary>
    public double? BandwidthRatio => RatioSamples is { Count: > 0 } r ? r.Average() : null;

    /// <summary>The per-repetition ratios behind <see cref="BandwidthRatio"/> (their spread is the measurement's).</summary>
    public IReadOnlyList<double>? RatioSamples =>
        BytesPerToken is { } b && BandwidthSamples is { } s && s.Count == TokensPerSecond.Count && s.All(v => v > 0)
            ? [.. TokensPerSecond.Select((rate, i) => rate * b / (s[i] * 1e9))]
            : null;
}
