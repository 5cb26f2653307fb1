using BenchmarkDotNet.Attributes;
using FastChat.Engine.Sampling;

namespace FastChat.Benchmarks;

/// <summary>
/// One <see cref="Sampler.Sample"/> call on 32000 logits (a Llama-2-sized vocabulary): Mean is ns per token,
/// Allocated should be 0 except with top_logprobs (the returned array). Logits are N(0, 2) with a few strongly
/// preferred tokens, roughly the shape of a language model's output.
/// </summary>
[MemoryDiagnoser]
public class SamplerBenchmarks
{
    private const int VocabSize = 32000;
    private float[] _logits = [];
    private Sampler _sampler = null!;

    [Params("greedy", "temperature 1", "top-k 40", "top-p 0.9", "min-p 0.05", "top-k 40 + top-p 0.95 + T 0.8", "llama.cpp defaults + penalties", "top-k 40 + top_logprobs 5")]
    public string Setting { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _logits = new float[VocabSize];
        for (var i = 0; i < VocabSize; i++)
            _logits[i] = 2f * (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        for (var p = 0; p < 8; p++) _logits[random.Next(VocabSize)] += 16f - p;

        var options = Setting switch
        {
            "greedy" => SamplingOptions.Greedy,
            "temperature 1" => new SamplingOptions(),
            "top-k 40" => new SamplingOptions { TopK = 40 },
            "top-p 0.9" => new SamplingOptions { TopP = 0.9f },
            "min-p 0.05" => new SamplingOptions { MinP = 0.05f },
            "top-k 40 + top-p 0.95 + T 0.8" => new SamplingOptions { TopK = 40, TopP = 0.95f, Temperature = 0.8f },
            "llama.cpp defaults + penalties" => new SamplingOptions
            {
                TopK = 40, TopP = 0.95f, MinP = 0.05f, Temperature = 0.8f,
                RepetitionPenalty = 1.1f, PresencePenalty = 0.5f, FrequencyPenalty = 0.5f, PenaltyWindow = 64,
            },
            "top-k 40 + top_logprobs 5" => new SamplingOptions { TopK = 40, TopLogprobs = 5 },
            _ => throw new ArgumentException(Setting),
        };
        _sampler = new Sampler(options with { Seed = 42 }, VocabSize);
        _sampler.AcceptPrompt(Enumerable.Range(0, 200).Select(_ => random.Next(VocabSize)).ToArray());
    }

    [Benchmark]
    public int Sample() => _sampler.Sample(_logits).Token;
}
