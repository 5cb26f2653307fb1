using System.Runtime.InteropServices;
using FastChat.Gguf;
using FastChat.Native.Kernels;

namespace FastChat.Native.Tests;

/// <summary>
/// Managed attention against a double softmax(QK^T * scale + causal mask) V computed from the dequantized cache
/// (so only the kernel's float arithmetic is measured: NMSE below 1e-9), for each cache type, grouped-query
/// heads, one and several sequences, with and without a pool; and bad shapes or lengths as ArgumentExceptions.
/// </summary>
public sealed class AttentionTests
{
    private sealed record Cache(byte[] Stored, float[] Dequantized);

    private static float[] Random(Random rng, int n, float amplitude)
    {
        var x = new float[n];
        for (var i = 0; i < n; i++) x[i] = amplitude * (2 * rng.NextSingle() - 1);
        return x;
    }

    private static Cache MakeCache(GgmlType type, float[] values)
    {
        switch (type)
        {
            case GgmlType.F32:
                return new Cache(MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), values);
            case GgmlType.F16:
                var halves = values.Select(v => (Half)v).ToArray();
                return new Cache(MemoryMarshal.AsBytes(halves.AsSpan()).ToArray(), halves.Select(h => (float)h).ToArray());
            default:
                var blocks = Quantization.Quantize(type, values);
                return new Cache(blocks, Quantization.Dequantize(type, blocks));
        }
    }

    private static double[] Reference(in AttentionShape shape, float[] q, float[] k, float[] v, int queryPosition)
    {
        int d = shape.HeadDim, nq = q.Length / (shape.Heads * d), rep = shape.Heads / shape.KvHeads;
        var result = new double[q.Length];
        for (var i = 0; i < nq; i++)
        for (var h = 0; h < shape.Heads; h++)
        {
            var g = h / rep;
            var visible = queryPosition + i + 1;
            var w = new double[visible];
            for (var j = 0; j < visible; j++)
            {
                var dot = 0.0;
                for (var e = 0; e < d; e++) dot += (double)q[(i * shape.Heads + h) * d + e] * k[(j * shape.KvHeads + g) * d + e];
                w[j] = dot * shape.Scale;
            }
            var max = w.Max();
            var sum = w.Sum(s => Math.Exp(s - max));
            for (var j = 0; j < visible; j++)
            for (var e = 0; e < d; e++)
                result[(i * shape.Heads + h) * d + e] += Math.Exp(w[j] - max) / sum * v[(j * shape.KvHeads + g) * d + e];
        }
        return result;
    }

    private static double Nmse(float[] actual, double[] expected)
    {
        double err = 0, norm = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            err += (actual[i] - expected[i]) * (actual[i] - expected[i]);
            norm += expected[i] * expected[i];
        }
        return err / norm;
    }

    [Theory]
    [InlineData(GgmlType.F32, 4, 4, 40)]
    [InlineData(GgmlType.F16, 8, 2, 64)]
    [InlineData(GgmlType.Q8_0, 8, 1, 32)]
    public void SingleSequenceMatchesDoubleReference(GgmlType type, int heads, int kvHeads, int headDim)
    {
        var shape = new AttentionShape(type, heads, kvHeads, headDim, 1 / MathF.Sqrt(headDim));
        var rng = new Random(heads * 100 + headDim);
        const int cached = 90, queries = 9, position = 70;
        var q = Random(rng, queries * heads * headDim, 3);
        var k = MakeCache(type, Random(rng, cached * kvHeads * headDim, 1));
        var v = MakeCache(type, Random(rng, cached * kvHeads * headDim, 1));
        var expected = Reference(shape, q, k.Dequantized, v.Dequantized, position);
        var output = new float[q.Length];
        Attention.Compute(null, shape, q, k.Stored, v.Stored, output, position);
        Assert.True(Nmse(output, expected) < 1e-9, $"NMSE {Nmse(output, expected):E2}");

        using var pool = NativeThreadPool.Create(2);
        var pooled = new float[q.Length];
        Attention.Compute(pool, shape, q, k.Stored, v.Stored, pooled, position);
        Assert.Equal(output, pooled); // the split over threads does not change a single bit
    }

    [Fact]
    public void SeveralSequencesInOneCall()
    {
        var shape = new AttentionShape(GgmlType.F16, 4, 2, 64, 0.125f);
        var rng = new Random(11);
        (int Cached, int Queries, int Position)[] layout = [(1, 1, 0), (130, 1, 129), (20, 20, 0), (50, 6, 40)];
        var sequences = new AttentionSequence[layout.Length];
        var expected = new double[layout.Length][];
        for (var s = 0; s < layout.Length; s++)
        {
            var (cached, queries, position) = layout[s];
            var q = Random(rng, queries * shape.Heads * shape.HeadDim, 4);
            var k = MakeCache(shape.KvType, Random(rng, cached * shape.KvHeads * shape.HeadDim, 1));
            var v = MakeCache(shape.KvType, Random(rng, cached * shape.KvHeads * shape.HeadDim, 1));
            expected[s] = Reference(shape, q, k.Dequantized, v.Dequantized, position);
            sequences[s] = new AttentionSequence(q, k.Stored, v.Stored, new float[q.Length], position);
        }
        using var pool = NativeThreadPool.Create(3);
        Attention.Compute(pool, shape, sequences);
        for (var s = 0; s < layout.Length; s++)
        {
            var nmse = Nmse(sequences[s].Output.ToArray(), expected[s]);
            Assert.True(nmse < 1e-9, $"sequence {s}: NMSE {nmse:E2}");
        }
    }

    [Fact]
    public void BadShapesAndLengthsAreArgumentExceptions()
    {
        var shape = new AttentionShape(GgmlType.F32, 4, 2, 32, 0.2f);
        var q = new float[2 * 4 * 32];
        var kv = new float[8 * 2 * 32];
        var output = new float[q.Length];
        Attention.Compute(null, shape, q, kv, kv, output, 6); // valid: queries at 6 and 7 of 8

        Assert.Throws<ArgumentException>(() => Attention.Compute(null, shape, q, kv, kv, output, 7));  // position 8 is not cached
        Assert.Throws<ArgumentException>(() => Attention.Compute(null, shape, q, kv, kv, output, -1));
        Assert.Throws<ArgumentException>(() => Attention.Compute(null, shape, q.AsSpan(1), kv, kv, output, 0));
        Assert.Throws<ArgumentException>(() => Attention.Compute(null, shape, q, kv, kv, output.AsSpan(1), 0));
        Assert.Throws<ArgumentException>(() => Attention.Compute(null, shape, q, kv.AsSpan(1), kv.AsSpan(1), output, 0));
        Assert.Throws<ArgumentException>(() => Attention.Compute(null, shape, q, kv, kv.AsSpan(64), output, 0));
        Assert.Throws<ArgumentException>(() => Attention.Compute(null, shape with { KvHeads = 3 }, q, kv, kv, output, 0));
        Assert.Throws<ArgumentException>(() => Attention.Compute(null, shape with { HeadDim = 0 }, q, kv, kv, output, 0));
        Assert.Throws<ArgumentException>(() => Attention.Compute(null, shape with { KvType = GgmlType.Q4_0 }, q, kv, kv, output, 0));
        Assert.Throws<ArgumentException>(() => Attention.Compute(null, shape with { KvType = GgmlType.F16 }, q, kv, kv, output, 0));
        var q8 = new AttentionShape(GgmlType.Q8_0, 4, 2, 40, 0.2f);
        Assert.Throws<ArgumentException>(() =>
            Attention.Compute(null, q8, new float[4 * 40], new byte[2 * 34], new byte[2 * 34], new float[4 * 40], 0));

        AttentionSequence[] batch = [new(q, MemoryMarshal.AsBytes(kv.AsSpan()).ToArray(), new byte[kv.Length * 4], output, 6),
                                     new(q, new byte[4], new byte[4], output, 0)];
        var error = Assert.Throws<ArgumentException>(() => Attention.Compute(null, shape, batch));
        Assert.Contains("sequence 1", error.Message);

        var pool = NativeThreadPool.Create(2);
        pool.Dispose();
        Assert.Throws<ObjectDisposedException>(() => Attention.Compute(pool, shape, q, kv, kv, output, 6));
    }
}
