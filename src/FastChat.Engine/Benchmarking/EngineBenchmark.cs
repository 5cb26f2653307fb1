using System.Diagnostics;
using FastChat.Engine.Generation;
using FastChat.Engine.Models;
using FastChat.Engine.Sampling;
using FastChat.Native;

namespace FastChat.Engine.Benchmarking;

/// <summary>What <see cref="EngineBenchmark"/> runs: llama-bench's -p, -n, -d, -t and -r.</summary>
public sealed record EngineBenchmarkSettings(int PromptTokens = 512, int GeneratedTokens = 128, int Depth = 0, int Threads = 1,
                                             int Repetitions = 5, int BatchSize = 512);

/// <summary>
/// llama-bench's method on our engine: "pp N" times one prefill of N random tokens from an empty cache (after
/// <c>Depth</c> untimed tokens); "tg N" times N single-token decode steps including sampling and detokenizing (a
/// greedy <see cref="SequenceDecoder"/>), so what users get per token is what is measured. A warm-up run precedes
/// the timed repetitions. Token ids are random but fixed by seed, so runs compare.
/// </summary>
public sealed class EngineBenchmark(LlamaModel model, EngineBenchmarkSettings settings)
{
    private readonly Random _random = new(1234);

    public BenchmarkResult PromptProcessing(ForwardWorkspace ws)
    {
        var tokens = RandomTokens(settings.PromptTokens);
        var logits = new float[model.Config.VocabSize];
        var rates = new List<double>();
        for (var rep = -1; rep < settings.Repetitions; rep++)
        {
            var cache = PrefilledCache(ws);
            var clock = Stopwatch.StartNew();
            for (var start = 0; start < tokens.Length; start += settings.BatchSize)
            {
                var count = Math.Min(settings.BatchSize, tokens.Length - start);
                var batch = new ModelBatch();
                batch.Add(cache, tokens.AsSpan(start, count), start + count == tokens.Length ? LogitsWanted.Last : LogitsWanted.None);
                model.Forward(ws, batch, logits);
            }
            if (rep >= 0) rates.Add(tokens.Length / clock.Elapsed.TotalSeconds);
        }
        return new BenchmarkResult($"pp{settings.PromptTokens}", ws.Threads, settings.Depth, rates);
    }

    public BenchmarkResult TokenGeneration(ForwardWorkspace ws, double? bandwidthGBs)
    {
        var rates = new List<double>();
        double kernelSeconds = 0, totalSeconds = 0;
        var options = new GenerationOptions { MaxTokens = settings.GeneratedTokens, Sampling = SamplingOptions.Greedy, IgnoreEos = true };
        var logits = new float[model.Config.VocabSize];
        var batch = new ModelBatch();
        Span<int> next = stackalloc int[1];
        for (var rep = -1; rep < settings.Repetitions; rep++)
        {
            var cache = PrefilledCache(ws);
            var first = RandomTokens(1);
            var decoder = new SequenceDecoder(model.Tokenizer, options, first, model.Config.ContextLength - cache.Length);
            next[0] = first[0];
            KernelProfiler.Reset();
            KernelProfiler.Enable(true);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < settings.GeneratedTokens; i++)
            {
                batch.Clear();
                batch.Add(cache, next);
                model.Forward(ws, batch, logits);
                var chunk = decoder.Accept(logits);
                next[0] = chunk.TokenId;
            }
            var elapsed = clock.Elapsed.TotalSeconds;
            KernelProfiler.Enable(false);
            if (rep < 0) continue;
            rates.Add(settings.GeneratedTokens / elapsed);
            totalSeconds += elapsed;
            kernelSeconds += KernelProfiler.Read().KernelTime.TotalSeconds;
        }
        var averageDepth = settings.Depth + settings.GeneratedTokens / 2;
        return new BenchmarkResult($"tg{settings.GeneratedTokens}", ws.Threads, settings.Depth, rates)
        {
            OverheadFraction = totalSeconds > 0 ? Math.Max(0, 1 - kernelSeconds / totalSeconds) : null,
            BytesPerToken = model.DecodeWeightBytes + averageDepth * model.CreateCache().BytesPerPosition,
            BandwidthGBs = bandwidthGBs,
        };
    }

    private Caching.KvCache PrefilledCache(ForwardWorkspace ws)
    {
        var cache = model.CreateCache();
        if (settings.Depth == 0) return cache;
        var tokens = RandomTokens(settings.Depth);
        var logits = new float[model.Config.VocabSize];
        for (var start = 0; start < tokens.Length; start += settings.BatchSize)
        {
            var batch = new ModelBatch();
            batch.Add(cache, tokens.AsSpan(start, Math.Min(settings.BatchSize, tokens.Length - start)), LogitsWanted.None);
            model.Forward(ws, batch, logits);
        }
        return cache;
    }

    private int[] RandomTokens(int count)
    {
        var tokens = new int[count];
        for (var i = 0; i < count; i++) tokens[i] = _random.Next(model.Config.VocabSize);
        return tokens;
    }
}
