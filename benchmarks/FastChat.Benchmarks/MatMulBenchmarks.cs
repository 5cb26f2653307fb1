using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using FastChat.Gguf;
using FastChat.Native;
using FastChat.Native.Kernels;
using NativeQuantization = FastChat.Native.Kernels.Quantization; // not the FastChat.Quantization namespace

namespace FastChat.Benchmarks;

/// <summary>
/// MatMul.Multiply through the managed API, TinyLlama-sized: 2048x2048 (attention projections) and 5632x2048 (FFN
/// up/gate; n x k = output rows x row length). Batch 1 is the decode matvec: it cycles through copies of the
/// weights totalling >= 256 MiB so each call streams them from DRAM; the GB/s column is weight bytes per second.
/// Batches > 1 reuse one copy; the GOP/s column counts 2 m n k.
/// </summary>
[Config(typeof(Columns))]
public class MatMulBenchmarks
{
    [Params(GgmlType.Q4_0, GgmlType.Q8_0, GgmlType.F16)]
    public GgmlType Type { get; set; }

    [Params("2048x2048", "5632x2048")]
    public string Shape { get; set; } = "";

    [Params(1, 64, 512)]
    public int Batch { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    private NativeThreadPool? _pool;
    private byte[] _weights = [];
    private long _matrixBytes;
    private int _copies, _next, _n, _k;
    private float[] _x = [], _y = [];

    [GlobalSetup]
    public void Setup()
    {
        (_n, _k) = ParseShape(Shape);
        _pool = NativeThreadPool.Create(Threads);
        var random = new Random(1);
        var row = new float[_k];
        var rowBytes = NativeQuantization.RowBytes(Type, _k);
        _matrixBytes = rowBytes * _n;
        _copies = Batch == 1 ? (int)((256L << 20) / _matrixBytes) + 1 : 1;
        _weights = GC.AllocateUninitializedArray<byte>((int)(_matrixBytes * _copies), pinned: true);
        var first = _weights.AsSpan(0, (int)_matrixBytes);
        for (var j = 0; j < _n; j++)
        {
            for (var i = 0; i < _k; i++) row[i] = (float)(random.NextDouble() * 2 - 1);
            NativeQuantization.Quantize(Type, row, first.Slice((int)(j * rowBytes), (int)rowBytes));
        }
        for (var c = 1; c < _copies; c++) first.CopyTo(_weights.AsSpan((int)(c * _matrixBytes)));
        _x = new float[Batch * _k];
        for (var i = 0; i < _x.Length; i++) _x[i] = (float)(random.NextDouble() * 2 - 1);
        _y = new float[Batch * _n];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pool?.Dispose();
        _weights = [];
    }

    [Benchmark]
    public void Multiply()
    {
        var weights = new ReadOnlySpan<byte>(_weights, (int)(_next * _matrixBytes), (int)_matrixBytes);
        _next = (_next + 1) % _copies;
        MatMul.Multiply(_pool, Type, weights, _n, _k, _x, Batch, _y);
    }

    internal static (int N, int K) ParseShape(string shape)
    {
        var parts = shape.Split('x');
        return (int.Parse(parts[0]), int.Parse(parts[1]));
    }

    /// <summary>Adds weight GB/s and GOP/s, computed from the mean time and the case's parameters.</summary>
    private sealed class Columns : ManualConfig
    {
        public Columns()
        {
            AddColumn(new RateColumn("Weights GB/s", (c, ns) => WeightBytes(c) / ns));
            AddColumn(new RateColumn("GOP/s", (c, ns) => 2.0 * Param<int>(c, "Batch") * ParseShape(Param<string>(c, "Shape")).N *
                                                          ParseShape(Param<string>(c, "Shape")).K / ns));
        }

        private static T Param<T>(BenchmarkCase c, string name) => (T)c.Parameters[name];

        private static double WeightBytes(BenchmarkCase c)
        {
            var (n, k) = ParseShape(Param<string>(c, "Shape"));
            return (double)NativeQuantization.RowBytes(Param<GgmlType>(c, "Type"), k) * n;
        }
    }

    /// <summary>A per-case rate: quantity / mean nanoseconds (bytes or ops per ns = G per s).</summary>
    private sealed class RateColumn(string name, Func<BenchmarkCase, double, double> rate) : IColumn
    {
        public string Id => nameof(RateColumn) + name;
        public string ColumnName => name;
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => $"{name} at the mean time";
        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var stats = summary[benchmarkCase]?.ResultStatistics;
            return stats is null ? "-" : rate(benchmarkCase, stats.Mean).ToString("F1");
        }
    }
}
