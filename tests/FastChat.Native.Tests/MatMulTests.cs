using System.Runtime.InteropServices;
using FastChat.Gguf;
using FastChat.Native.Kernels;
using FastChat.Tests;

namespace FastChat.Native.Tests;

/// <summary>
/// MatMul.Multiply against a float64 reference computed from the dequantized weights, with and without a thread
/// pool, on random weights and on a real quantized tensor; bad spans and sizes are exceptions, not overruns.
/// (The native test covers every type x kernel level x shape; the kernel level is process-wide, so it is left
/// alone here.)
/// </summary>
public sealed class MatMulTests
{
    // Float weights: only f32 rounding differs from the reference. Quantized: the 8-bit activation rounding,
    // NMSE ~1.5e-5 for uniform inputs.
    private const double FloatTolerance = 1e-10;
    private const double QuantizedTolerance = 1e-4;

    private static readonly GgmlType[] AllTypes =
    [
        GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q4_0, GgmlType.Q4_1, GgmlType.Q5_0, GgmlType.Q5_1,
        GgmlType.Q8_0, GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K,
    ];

    public static TheoryData<GgmlType> Types => new(AllTypes);

    [Theory]
    [MemberData(nameof(Types))]
    public void MatchesTheDoubleReference(GgmlType type)
    {
        var k = Quantization.BlockSize(type) == 1 ? 96 : 2 * Quantization.BlockSize(type);
        const int n = 37;
        var random = new Random(7);
        var wf = RandomFloats(random, n * k);
        var weights = Quantization.Quantize(type, wf);
        var dequantized = Quantization.Dequantize(type, weights);
        var tolerance = Quantization.BlockSize(type) == 1 ? FloatTolerance : QuantizedTolerance;
        using var pool = NativeThreadPool.Create(2);
        foreach (var m in new[] { 1, 3, 9 })
        {
            var x = RandomFloats(random, m * k);
            var expected = Reference(dequantized, n, k, x, m);
            var inline = new float[m * n];
            var pooled = new float[m * n];
            MatMul.Multiply(null, type, weights, n, k, x, m, inline);
            MatMul.Multiply(pool, type, weights, n, k, x, m, pooled);
            Assert.True(Nmse(inline, expected) < tolerance, $"{type} m={m}: NMSE {Nmse(inline, expected):E2}");
            Assert.Equal(inline, pooled); // the split over threads never changes a result
        }
    }

    [Fact]
    public void F32MatchesAPlainManagedLoop()
    {
        const int n = 5, k = 7, m = 3;
        var w = Enumerable.Range(0, n * k).Select(i => (float)Math.Sin(i)).ToArray();
        var x = Enumerable.Range(0, m * k).Select(i => (float)Math.Cos(i)).ToArray();
        var y = new float[m * n];
        MatMul.Multiply(null, GgmlType.F32, MemoryMarshal.AsBytes(w.AsSpan()), n, k, x, m, y);
        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
            {
                double s = 0;
                for (var t = 0; t < k; t++) s += (double)w[j * k + t] * x[i * k + t];
                Assert.Equal(s, y[i * n + j], 1e-5);
            }
    }

    /// <summary>A real Q4_0 tensor written by llama.cpp (stories260K) times random activations.</summary>
    [Fact]
    public void RealQ4_0TensorMatchesTheReference()
    {
        using var file = GgufFile.Open(SharedData.Model("stories260K-mix-q4_0.gguf"));
        var tensor = file.Tensors.First(t => t.Type == GgmlType.Q4_0 && t.Dimensions.Count == 2);
        var k = (int)tensor.Dimensions[0];
        var n = (int)tensor.Dimensions[1];
        var weights = file.GetTensorData(tensor);
        var dequantized = Quantization.Dequantize(GgmlType.Q4_0, weights);
        const int m = 6;
        var x = RandomFloats(new Random(3), m * k);
        var y = new float[m * n];
        using var pool = NativeThreadPool.Create(2);
        MatMul.Multiply(pool, GgmlType.Q4_0, weights, n, k, x, m, y);
        Assert.True(Nmse(y, Reference(dequantized, n, k, x, m)) < QuantizedTolerance);
    }

    [Fact]
    public void BadInputsAreArgumentExceptions()
    {
        var w = new byte[4 * 18];
        var x = new float[64];
        var y = new float[8];
        Assert.Throws<ArgumentException>(() => MatMul.Multiply(null, GgmlType.Q4_0, w.AsSpan(0, 3 * 18), 4, 32, x, 1, y));
        Assert.Throws<ArgumentException>(() => MatMul.Multiply(null, GgmlType.Q4_0, w, 4, 32, x.AsSpan(0, 31), 1, y));
        Assert.Throws<ArgumentException>(() => MatMul.Multiply(null, GgmlType.Q4_0, w, 4, 32, x, 2, y.AsSpan(0, 7)));
        Assert.Throws<ArgumentException>(() => MatMul.Multiply(null, GgmlType.Q4_0, w, 2, 48, x, 1, y)); // k not whole blocks
        Assert.Throws<ArgumentOutOfRangeException>(() => MatMul.Multiply(null, GgmlType.Q4_0, w, 0, 32, x, 1, y));
        Assert.Throws<ArgumentOutOfRangeException>(() => MatMul.Multiply(null, GgmlType.Q4_0, w, 4, -32, x, 1, y));
        Assert.Throws<ArgumentOutOfRangeException>(() => MatMul.Multiply(null, GgmlType.Q4_0, w, 4, 32, x, 0, y));
        Assert.Throws<NotSupportedException>(() => MatMul.Multiply(null, GgmlType.Q2_K, w, 1, 256, x, 1, y));
        Assert.Throws<NotSupportedException>(() => MatMul.Multiply(null, GgmlType.Q8_K, w, 1, 256, x, 1, y));
        Assert.All(y, v => Assert.Equal(0f, v)); // nothing was written
        MatMul.Multiply(null, GgmlType.Q4_0, w, 4, 32, x, 2, y); // exactly long enough is fine
    }

    [Fact]
    public void ADisposedPoolIsRefused()
    {
        var pool = NativeThreadPool.Create(2);
        pool.Dispose();
        var w = new byte[18];
        Assert.Throws<ObjectDisposedException>(() => MatMul.Multiply(pool, GgmlType.Q4_0, w, 1, 32, new float[32], 1, new float[1]));
    }

    [Fact]
    public void PathsNameTheImplementation()
    {
        foreach (var type in AllTypes)
        {
            var path = MatMul.PathFor(type);
            Assert.NotNull(path);
            Assert.Contains(path, new[] { "scalar", "avx2", "avx512", "avx512_vnni" });
        }
        Assert.Null(MatMul.PathFor(GgmlType.Q2_K));
        Assert.Null(MatMul.PathFor(GgmlType.Q8_1));
    }

    private static float[] RandomFloats(Random random, int count)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }

    private static double[] Reference(float[] w, int n, int k, float[] x, int m)
    {
        var y = new double[m * n];
        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
            {
                double s = 0;
                for (var t = 0; t < k; t++) s += (double)w[j * k + t] * x[i * k + t];
                y[i * n + j] = s;
            }
        return y;
    }

    private static double Nmse(float[] actual, double[] expected)
    {
        double err = 0, norm = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var d = actual[i] - expected[i];
            err += d * d;
            norm += expected[i] * expected[i];
        }
        return err / norm;
    }
}
