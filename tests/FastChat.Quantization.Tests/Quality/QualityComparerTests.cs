using FastChat.Engine.Models;
using FastChat.Quantization.Quality;
using FastChat.Tests;

namespace FastChat.Quantization.Tests.Quality;

/// <summary>The quality report on the real stories260K files: identity is exact, and more bits lose less.</summary>
public sealed class QualityComparerTests
{
    private static readonly string Text = string.Concat(Enumerable.Repeat(
        "Once upon a time, there was a little girl named Lily. She loved to play outside in the park. One day, she saw a big red ball. ", 5));

    private static QualityReport Compare(string quantizedFile)
    {
        using var original = LlamaModel.Load(SharedData.Model("stories260K.gguf"));
        using var quantized = LlamaModel.Load(SharedData.Model(quantizedFile));
        return QualityComparer.Compare(original, quantized, original.Tokenizer.Encode(Text), 64, threads: 1);
    }

    [Fact]
    public void ModelAgainstItselfHasNoDivergence()
    {
        var report = Compare("stories260K.gguf");
        Assert.Equal(0.0, report.MeanKlDivergence, 12);
        Assert.Equal(1.0, report.TopTokenAgreement);
        Assert.Equal(report.BasePerplexity, report.QuantizedPerplexity, 12);
        Assert.True(report.ScoredTokens >= 64);
    }

    [Fact]
    public void Q8_0LosesLessThanQ4_0()
    {
        var q8 = Compare("stories260K-mix-q8_0.gguf");
        var q4 = Compare("stories260K-mix-q4_0.gguf");
        Assert.InRange(q8.MeanKlDivergence, 1e-7, 0.01);
        Assert.True(q4.MeanKlDivergence > q8.MeanKlDivergence, $"Q4_0 KL {q4.MeanKlDivergence} vs Q8_0 {q8.MeanKlDivergence}");
        Assert.True(q8.TopTokenAgreement >= 0.95, $"Q8_0 agreement {q8.TopTokenAgreement}");
        Assert.InRange(q8.PerplexityRatio, 0.97, 1.03);
    }

    [Fact]
    public void KlDivergenceMatchesAHandComputedCase()
    {
        // p = softmax(0, ln 3) = (1/4, 3/4), q = uniform: KL = 1/4 ln(1/2) + 3/4 ln(3/2).
        var expected = 0.25 * Math.Log(0.5) + 0.75 * Math.Log(1.5);
        Assert.Equal(expected, QualityComparer.KlDivergence([0f, MathF.Log(3)], [5f, 5f]), 6);
    }
}
