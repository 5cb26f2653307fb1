using FastChat.Gguf;
using FastChat.Native.Kernels;

namespace FastChat.Native.Tests;

/// <summary>
/// The managed ops against double references (the native tests cover every level and size; these check the
/// bindings: argument order, lengths, in-place use) and bad input: wrong lengths and out-of-range ids are
/// <see cref="ArgumentException"/>s, with nothing written.
/// </summary>
public sealed class OpsTests
{
    private static float[] Random(int n, int seed, float lo = -1, float hi = 1)
    {
        var rng = new Random(seed);
        var x = new float[n];
        for (var i = 0; i < n; i++) x[i] = lo + (hi - lo) * rng.NextSingle();
        return x;
    }

    private static void Close(double expected, float actual, double relative = 1e-5, double absolute = 1e-7) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected) + absolute, $"{actual} vs {expected}");

    [Fact]
    public void RmsNormMatchesDoubleReference()
    {
        const int n = 67, rows = 3;
        var x = Random(rows * n, 1, -3, 3);
        var w = Random(n, 2);
        var y = new float[rows * n];
        Ops.RmsNorm(x, y, n, 1e-5f, w);
        for (var r = 0; r < rows; r++)
        {
            var ss = 0.0;
            for (var i = 0; i < n; i++) ss += (double)x[r * n + i] * x[r * n + i];
            var inv = 1 / Math.Sqrt(ss / n + 1e-5);
            for (var i = 0; i < n; i++) Close(x[r * n + i] * inv * w[i], y[r * n + i]);
        }
        Ops.RmsNormInPlace(x, n, 1e-5f, w);
        Assert.Equal(y, x);
    }

    [Fact]
    public void SoftmaxSwiGluAddMulMatchDoubleReferences()
    {
        const int n = 37;
        var x = Random(2 * n, 3, -8, 8);
        var p = (float[])x.Clone();
        Ops.Softmax(p, n);
        for (var r = 0; r < 2; r++)
        {
            var row = x.AsSpan(r * n, n).ToArray();
            var max = row.Max();
            var sum = row.Sum(v => Math.Exp(v - (double)max));
            for (var i = 0; i < n; i++) Close(Math.Exp(row[i] - (double)max) / sum, p[r * n + i], 2e-5, 1e-9);
        }

        var gate = Random(n, 4, -10, 10);
        var up = Random(n, 5);
        var output = new float[n];
        Ops.SwiGlu(gate, up, output);
        for (var i = 0; i < n; i++) Close(gate[i] / (1 + Math.Exp(-(double)gate[i])) * up[i], output[i], 1e-5, 1e-30);
        Ops.Add(gate, up, output);
        for (var i = 0; i < n; i++) Assert.Equal(gate[i] + up[i], output[i]);
        var before = (float[])gate.Clone();
        Ops.Mul(gate, up, gate); // in place
        for (var i = 0; i < n; i++) Assert.Equal(before[i] * up[i], gate[i]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RopeRotatesPairsOfTheChosenLayout(bool neox)
    {
        const int heads = 2, headDim = 16, dims = 12;
        int[] positions = [0, 5, 1000];
        var x = Random(positions.Length * heads * headDim, 6);
        var y = (float[])x.Clone();
        var settings = new RopeParameters(dims, neox, FreqBase: 10000f, FreqScale: 0.5f);
        Ops.Rope(y, heads, headDim, positions, settings);
        for (var t = 0; t < positions.Length; t++)
        for (var h = 0; h < heads; h++)
        {
            var b = (t * heads + h) * headDim;
            for (var i = 0; i < dims / 2; i++)
            {
                var theta = positions[t] * Math.Pow(10000, -2.0 * i / dims) * 0.5;
                int first = neox ? i : 2 * i, second = neox ? i + dims / 2 : 2 * i + 1;
                Close(x[b + first] * Math.Cos(theta) - x[b + second] * Math.Sin(theta), y[b + first], 0, 2e-6);
                Close(x[b + first] * Math.Sin(theta) + x[b + second] * Math.Cos(theta), y[b + second], 0, 2e-6);
            }
            for (var i = dims; i < headDim; i++) Assert.Equal(x[b + i], y[b + i]); // beyond n_dims: untouched
        }
        Assert.Throws<ArgumentException>(() => Ops.Rope(y, heads, headDim, positions, settings with { Dimensions = 13 }));
        // YaRN without an original context length
        Assert.Throws<ArgumentException>(() => Ops.Rope(y, heads, headDim, positions, settings with { ExtFactor = 1 }));
    }

    [Fact]
    public void GetRowsDequantizesTheSelectedRows()
    {
        const int rows = 10, length = 64;
        var source = Random(rows * length, 7);
        var table = Quantization.Quantize(GgmlType.Q8_0, source);
        var all = Quantization.Dequantize(GgmlType.Q8_0, table);
        int[] ids = [9, 0, 4, 4];
        var output = new float[ids.Length * length];
        Ops.GetRows(GgmlType.Q8_0, table, length, ids, output);
        for (var i = 0; i < ids.Length; i++)
            Assert.Equal(all.AsSpan(ids[i] * length, length).ToArray(), output.AsSpan(i * length, length).ToArray());

        var f32 = new byte[source.Length * 4];
        Buffer.BlockCopy(source, 0, f32, 0, f32.Length);
        Ops.GetRows(GgmlType.F32, f32, length, ids, output);
        Assert.Equal(source.AsSpan(9 * length, length).ToArray(), output.AsSpan(0, length).ToArray());
    }

    [Fact]
    public void OutOfRangeIdsAreRefusedWithoutWriting()
    {
        var table = new byte[4 * 8 * 4];
        var output = new float[2 * 8];
        Array.Fill(output, float.NaN);
        foreach (var bad in new[] { 4, -1, int.MaxValue, int.MinValue })
        {
            var error = Assert.Throws<ArgumentException>(() => Ops.GetRows(GgmlType.F32, table, 8, [0, bad], output));
            Assert.Contains("outside", error.Message);
        }
        Assert.All(output, v => Assert.True(float.IsNaN(v)));
    }

    [Fact]
    public void ArgMaxAndTopKOrderTiesByIndex()
    {
        float[] x = [1, 3, 3, float.NegativeInfinity, 3, float.NaN];
        Assert.Equal(1, Ops.ArgMax(x));
        Assert.Equal(-1, Ops.ArgMax([]));
        var ids = new int[4];
        var values = new float[4];
        Ops.TopK(x, ids, values);
        Assert.Equal([1, 2, 4, 0], ids);
        Assert.Equal([3f, 3f, 3f, 1f], values);
        Ops.TopK(x, ids.AsSpan(0, 2));
        Assert.Equal(1, ids[0]);
        Assert.Throws<ArgumentException>(() => Ops.TopK(x, new int[7]));
        Assert.Throws<ArgumentException>(() => Ops.TopK(x, ids, new float[3]));
    }

    [Fact]
    public void WrongLengthsAreArgumentExceptions()
    {
        var x = new float[12];
        Assert.Throws<ArgumentException>(() => Ops.RmsNorm(x, new float[11], 4, 1e-5f));
        Assert.Throws<ArgumentException>(() => Ops.RmsNorm(x, new float[12], 5, 1e-5f));           // not whole rows
        Assert.Throws<ArgumentException>(() => Ops.RmsNorm(x, new float[12], 4, 1e-5f, new float[3])); // short weight
        Assert.Throws<ArgumentException>(() => Ops.RmsNorm(x.AsSpan(0, 8), x.AsSpan(4, 8), 4, 1e-5f)); // shifted overlap
        Assert.Throws<ArgumentException>(() => Ops.Softmax(x, 5));
        Assert.Throws<ArgumentException>(() => Ops.SwiGlu(x, new float[11], new float[12]));
        Assert.Throws<ArgumentException>(() => Ops.Add(x, x, new float[13]));
        Assert.Throws<ArgumentException>(() => Ops.Mul(new float[12], x, new float[2]));
        Assert.Throws<ArgumentException>(() => Ops.Rope(x, 2, 3, [0, 1, 2], new RopeParameters(2))); // 3 x 2 x 3 = 18 != 12
        // 30 bytes are not whole rows; a short output; 16 elements are not a Q8_0 row
        Assert.Throws<ArgumentException>(() => Ops.GetRows(GgmlType.F32, new byte[30], 2, [0], new float[2]));
        Assert.Throws<ArgumentException>(() => Ops.GetRows(GgmlType.F32, new byte[32], 2, [0], new float[1]));
        Assert.Throws<ArgumentException>(() => Ops.GetRows(GgmlType.Q8_0, new byte[34], 16, [0], new float[16]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Softmax(x, 0));
    }
}
