namespace FastChat.Quantization.Quality;

/// <summary>
/// How a quantized model compares with its original on the same text (llama.cpp's perplexity --kl-divergence
/// numbers): both perplexities, the KL divergence of the quantized model's next-token distribution from the
/// original's (mean and 99th percentile over scored positions, nats), and how often both pick the same top token.
/// </summary>
public sealed record QualityReport(
    double BasePerplexity,
    double QuantizedPerplexity,
    double MeanKlDivergence,
    double P99KlDivergence,
    double TopTokenAgreement,
    int ScoredTokens,
    int Chunks)
{
    /// <summary>Quantized over original perplexity (1.0 = no loss).</summary>
    public double PerplexityRatio => QuantizedPerplexity / BasePerplexity;
}
