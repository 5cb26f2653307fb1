using FastChat.Gguf;
using FastChat.Native.Kernels;
using FastChat.Tests;

namespace FastChat.Native.Tests;

/// <summary>
/// RepackedMatrix (fc_repack + fc_matmul_repacked) against MatMul.Multiply on the same weights: both quantize the
/// activations identically, so only the float summation order differs (relative 1e-5 of the output's scale).
/// Ownership: the copy is one NativeBuffer, freed by Dispose, after which Multiply is refused. On a CPU without
/// the AVX-512 kernels TryCreate must return null (the engine then multiplies in place).
/// </summary>
[Collection(NativeBufferCollection.Name)]
public sealed class RepackedMatrixTests
{
    public static TheoryData<GgmlType> RepackableTypes => new(GgmlType.Q4_0, GgmlType.Q8_0);

    [Theory]
    [MemberData(nameof(RepackableTypes))]
    public void MatchesMultiplyingInPlace(GgmlType type)
    {
        const int n = 67, k = 320; // a partial last strip, 10 blocks
        var random = new Random(11);
        var weights = Quantization.Quantize(type, RandomFloats(random, n * k));
        using var pool = NativeThreadPool.Create(2);
        using var repacked = RepackedMatrix.TryCreate(pool, type, weights, n, k);
        if (!RepackedMatrix.IsSupported(type))
        {
            Assert.Null(repacked);
            return;
        }
        Assert.NotNull(repacked);
        Assert.Equal((n + 15) / 16 * 16 * (long)weights.Length / n, repacked.Bytes);
        foreach (var m in new[] { 1, 2, 5, 9 })
        {
            var x = RandomFloats(random, m * k);
            var expected = new float[m * n];
            var actual = new float[m * n];
            MatMul.Multiply(null, type, weights, n, k, x, m, expected);
            repacked.Multiply(pool, x, m, actual);
            var scale = expected.Max(v => Math.Abs(v));
            for (var i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-5 * scale, $"{type} m={m} [{i}]: {actual[i]} vs {expected[i]}");
        }
    }

    [Fact]
    public void TypesWithoutRepackedKernelsGiveNull()
    {
        var weights = Quantization.Quantize(GgmlType.Q4_K, new float[2 * 256]);
        Assert.False(RepackedMatrix.IsSupported(GgmlType.Q4_K));
        Assert.Null(RepackedMatrix.TryCreate(null, GgmlType.Q4_K, weights, 2, 256));
        Assert.Null(RepackedMatrix.TryCreate(null, GgmlType.F16, new byte[2 * 32 * 2], 2, 32));
    }

    [Fact]
    public void BadSizesAreArgumentExceptionsAndDisposalFreesTheCopy()
    {
        if (!RepackedMatrix.IsSupported(GgmlType.Q8_0)) return;
        var weights = Quantization.Quantize(GgmlType.Q8_0, new float[4 * 64]);
        Assert.Throws<ArgumentException>(() => RepackedMatrix.TryCreate(null, GgmlType.Q8_0, weights, 5, 64)); // too few bytes
        Assert.Throws<ArgumentException>(() => RepackedMatrix.TryCreate(null, GgmlType.Q8_0, weights, 4, 48)); // not whole blocks

        var before = NativeBuffer.LiveCount;
        var repacked = RepackedMatrix.TryCreate(null, GgmlType.Q8_0, weights, 4, 64)!;
        Assert.Equal(before + 1, NativeBuffer.LiveCount);
        Assert.Throws<ArgumentException>(() => repacked.Multiply(null, new float[63], 1, new float[4]));
        Assert.Throws<ArgumentException>(() => repacked.Multiply(null, new float[64], 1, new float[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => repacked.Multiply(null, new float[64], 0, new float[4]));
        repacked.Dispose();
        repacked.Dispose(); // twice is harmless
        Assert.Equal(before, NativeBuffer.LiveCount);
        Assert.Throws<ObjectDisposedException>(() => repacked.Multiply(null, new float[64], 1, new float[4]));
    }

    [Fact]
    public void ReleasingMappedPagesKeepsTheirContents()
    {
        using var file = GgufFile.Open(SharedData.Model("stories260K-mix-q8_0.gguf"));
        Assert.True(file.IsFileMapping);
        var tensor = file.Tensors.MaxBy(t => t.ByteSize)!;
        var before = file.GetTensorData(tensor).ToArray();
        RepackedMatrix.ReleaseMappedPages(file.GetTensorData(tensor)); // false on platforms without the hint
        Assert.Equal(before, file.GetTensorData(tensor).ToArray()); // re-read from the file
    }

    private static float[] RandomFloats(Random random, int count)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++) values[i] = random.NextSingle() * 2 - 1;
        return values;
    }
}
