using System.Diagnostics;
using FastChat.Engine.Generation;
using FastChat.Engine.Models;
using FastChat.Engine.Sampling;
using FastChat.Native;

namespace FastChat.Engine.Benchmarking;

/// <summary>
/// What <see cref="EngineBenchmark"/> runs: llama-bench's -p, -n, -d, -t and -r, and (like llama-batched-bench's
/// -npl) how many sequences decode together in the tg test.
/// </summary>
public sealed record EngineBenchmarkSettings(int PromptTokens = 512, int GeneratedTokens = 128, int Depth = 0, int Threads = 1,
                                             int Repetitions = 5, int BatchSize = 512, int Parallel = 1);

/// <summary>
/// llama-bench's method on our engine: "pp N" times one prefill of N random tokens from an empty cache (after
/// <c>Depth</c> untimed tokens); "tg N" times N single-token decode steps including sampling and detokenizing (a
/// greedy <see cref="SequenceDecoder"/>), so what users get per token is what is measured; with <c>Parallel</c> = P,
/// P sequences decode together, one batched forward pass per step, and the rate is all P sequences' tokens per
/// second (continuous batching's aggregate throughput). A warm-up run precedes the timed repetitions. Token ids
/// are random but fixed by seed, so runs compare.
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
            var cache = PrefilledCache(ws, settings.PromptTokens);
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

    /// <summary>
    /// The tg test. With <paramref name="measureBandwidth"/>, the read bandwidth is measured right before each timed
    /// repetition (untimed), so each repetition is compared with the bandwidth of its own moment: on a shared
    /// machine the bandwidth drifts by tens of percent between seconds.
    /// </summary>
    public BenchmarkResult TokenGeneration(ForwardWorkspace ws, Func<double>? measureBandwidth = null)
    {
        var sequences = Math.Max(1, settings.Parallel);
        var rates = new List<double>();
        var bandwidths = new List<double>();
        double kernelSeconds = 0, totalSeconds = 0;
        var options = new GenerationOptions { MaxTokens = settings.GeneratedTokens, Sampling = SamplingOptions.Greedy, IgnoreEos = true };
        var vocab = model.Config.VocabSize;
        var logits = new float[sequences * vocab];
        var batch = new ModelBatch();
        var next = new int[sequences];
        var caches = new Caching.KvCache[sequences];
        var decoders = new SequenceDecoder[sequences];
        for (var rep = -1; rep < settings.Repetitions; rep++)
        {
            for (var s = 0; s < sequences; s++)
            {
                caches[s] = PrefilledCache(ws, settings.GeneratedTokens);
                var first = RandomTokens(1);
                decoders[s] = new SequenceDecoder(model.Tokenizer, options, first, model.Config.ContextLength - caches[s].Length);
                next[s] = first[0];
            }
            if (rep >= 0 && measureBandwidth is not null) bandwidths.Add(measureBandwidth());
            KernelProfiler.Reset();
            KernelProfiler.Enable(true);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < settings.GeneratedTokens; i++)
            {
                batch.Clear();
                for (var s = 0; s < sequences; s++) batch.Add(caches[s], next.AsSpan(s, 1));
                model.Forward(ws, batch, logits);
                for (var s = 0; s < sequences; s++) next[s] = decoders[s].Accept(logits.AsSpan(s * vocab, vocab)).TokenId;
            }
            var elapsed = clock.Elapsed.TotalSeconds;
            KernelProfiler.Enable(false);
            if (rep < 0) continue;
            rates.Add(sequences * settings.GeneratedTokens / elapsed);
            totalSeconds += elapsed;
            kernelSeconds += KernelProfiler.Read().KernelTime.TotalSeconds;
        }
        // A step reads the weights once for all its sequences and each sequence's own cache.
        var averageDepth = settings.Depth + settings.GeneratedTokens / 2;
        return new BenchmarkResult($"tg{settings.GeneratedTokens}", ws.Threads, settings.Depth, rates)
        {
            Sequences = sequences,
            OverheadFraction = totalSeconds > 0 ? Math.Max(0, 1 - kernelSeconds / totalSeconds) : null,
            BytesPerToken = model.DecodeWeightBytes / sequences + averageDepth * model.CreateCache().BytesPerPosition,
            BandwidthSamples = measureBandwidth is null ? null : bandwidths,
        };
    }

    /// <summary>
    /// A cache holding <c>Depth</c> untimed tokens, with room for the <paramref name="timedTokens"/> the test adds
    /// reserved up front, as llama-bench allocates its whole context before timing. A cache grows by doubling, and a
    /// growth inside the timed region measured the copy, not the model: tg16 at depth 2048 of a 7B model spent a
    /// third of its time outside the kernels, copying 1 GB of cache into 2 GB of new storage.
    /// </summary>
    private Caching.KvCache PrefilledCache(ForwardWorkspace ws, int timedTokens)
    {
        var cache = model.CreateCache();
        cache.EnsureCapacity(Math.Min(cache.MaxLength, settings.Depth + timedTokens));
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
