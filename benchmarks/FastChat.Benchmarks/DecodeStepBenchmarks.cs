using BenchmarkDotNet.Attributes;
using FastChat.Engine.Caching;
using FastChat.Engine.Generation;
using FastChat.Engine.Models;
using FastChat.Engine.Sampling;

namespace FastChat.Benchmarks;

/// <summary>
/// One decode step of the real stories260K model at depth 64: the forward pass alone, and forward + sampling +
/// detokenizing (what a generated token costs). The memory diagnoser shows what the managed side allocates per
/// token: the forward pass allocates nothing; a streamed token allocates its chunk and its text.
/// </summary>
[MemoryDiagnoser]
public class DecodeStepBenchmarks
{
    private const int Depth = 64;
    private LlamaModel _model = null!;
    private ForwardWorkspace _workspace = null!;
    private KvCache _cache = null!;
    private readonly ModelBatch _batch = new();
    private float[] _logits = [];
    private readonly int[] _next = [1];
    private SequenceDecoder _decoder = null!;

    [GlobalSetup]
    public void Setup()
    {
        _model = LlamaModel.Load(BenchmarkFiles.Shared("models", "stories260K.gguf"));
        _workspace = _model.CreateWorkspace(1);
        _cache = _model.CreateCache();
        _logits = new float[_model.Config.VocabSize];
        var prompt = Enumerable.Range(0, Depth).Select(i => 1 + i * 37 % 500).ToArray();
        _batch.Add(_cache, prompt);
        _model.Forward(_workspace, _batch, _logits);
        _decoder = new SequenceDecoder(_model.Tokenizer,
            new GenerationOptions { MaxTokens = null, Sampling = SamplingOptions.Greedy, IgnoreEos = true }, prompt, contextLength: int.MaxValue); // never finishes
    }

    [Benchmark(Baseline = true)]
    public void Forward()
    {
        _cache.Truncate(Depth);
        _batch.Clear();
        _batch.Add(_cache, _next);
        _model.Forward(_workspace, _batch, _logits);
    }

    [Benchmark]
    public int ForwardSampleDetokenize()
    {
        Forward();
        return _decoder.Accept(_logits).TokenId;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _workspace.Dispose();
        _model.Dispose();
    }
}
