using BenchmarkDotNet.Attributes;
using FastChat.Gguf;
using FastChat.Native;
using FastChat.Native.Kernels;
using NativeQuantization = FastChat.Native.Kernels.Quantization; // not the FastChat.Quantization namespace

namespace FastChat.Benchmarks;

/// <summary>
/// One layer's attention (Attention.Compute) in TinyLlama-1.1B's shape: 32 query heads sharing 4 KV heads of 64.
/// Decode: one query against a 4096-position cache. Prefill: a 512-token prompt attending to itself.
/// </summary>
public class AttentionBenchmarks
{
    private const int Heads = 32, KvHeads = 4, HeadDim = 64;
    private NativeThreadPool? _pool;
    private AttentionShape _shape;
    private float[] _query = [], _output = [];
    private byte[] _keys = [], _values = [];
    private int _position;

    [Params("decode-4096", "prefill-512")]
    public string Case { get; set; } = "";

    [Params(GgmlType.F32, GgmlType.F16, GgmlType.Q8_0)]
    public GgmlType KvType { get; set; }

    [Params(KernelLevel.Avx2, KernelLevel.Avx512)]
    public KernelLevel Level { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        KernelDispatch.Current = Level <= KernelDispatch.Maximum ? Level : KernelDispatch.Maximum;
        _pool = Threads > 1 ? NativeThreadPool.Create(Threads) : null;
        _shape = new AttentionShape(KvType, Heads, KvHeads, HeadDim, 1 / MathF.Sqrt(HeadDim));
        var (queries, cached) = Case == "decode-4096" ? (1, 4096) : (512, 512);
        _position = cached - queries;
        var rng = new Random(1);
        _query = Enumerable.Range(0, queries * Heads * HeadDim).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
        _output = new float[_query.Length];
        _keys = Cache(rng, cached);
        _values = Cache(rng, cached);
    }

    private byte[] Cache(Random rng, int positions)
    {
        var values = Enumerable.Range(0, positions * KvHeads * HeadDim).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
        return NativeQuantization.Quantize(KvType, values);
    }

    [Benchmark]
    public void Attend() => Attention.Compute(_pool, _shape, _query, _keys, _values, _output, _position);

    [GlobalCleanup]
    public void Cleanup()
    {
        _pool?.Dispose();
        KernelDispatch.Current = KernelDispatch.Maximum;
    }
}
