using System.Runtime.InteropServices;
using FastChat.Gguf;
using FastChat.Native.Kernels;
using FastChat.Tests;
using Xunit.Abstractions;

namespace FastChat.Native.Tests;

/// <summary>
/// (De)quantization against real llama.cpp files: the quantized stories260K variants decode close to the F32
/// original, our quantizers reproduce their blocks byte for byte, and bad spans are exceptions, not overruns.
/// </summary>
public sealed class QuantizationTests(ITestOutputHelper output)
{
    private const string F32Model = "stories260K.gguf";

    public static TheoryData<string> QuantizedModels =>
        ["stories260K-mix-q8_0.gguf", "stories260K-mix-q4_0.gguf", "stories260K-Q4_K_M.gguf", "stories260K-Q6_K.gguf"];

    // NMSE of a decoded tensor against the F32 original, about 2x above the worst measured over the four files
    // (measured worst in the comments): the error each format's rounding makes on these weights, no more.
    private static readonly Dictionary<GgmlType, double> FileTolerance = new()
    {
        [GgmlType.F32] = 0,
        [GgmlType.F16] = 1e-7,  // 4.2e-8
        [GgmlType.Q8_0] = 1e-4, // 3.8e-5
        [GgmlType.Q5_0] = 5e-3, // 2.5e-3
        [GgmlType.Q4_0] = 2e-2, // 9.2e-3
    };

    [Theory]
    [MemberData(nameof(QuantizedModels))]
    public void QuantizedFilesDecodeCloseToTheF32Weights(string model)
    {
        using var reference = GgufFile.Open(SharedData.Model(F32Model));
        using var file = GgufFile.Open(SharedData.Model(model));
        var worst = new Dictionary<GgmlType, double>();
        foreach (var tensor in file.Tensors)
        {
            var expected = F32Data(reference, tensor);
            var decoded = Quantization.Dequantize(tensor.Type, file.GetTensorData(tensor));
            Assert.Equal(tensor.ElementCount, decoded.Length);
            var nmse = Nmse(decoded, expected);
            worst[tensor.Type] = Math.Max(worst.GetValueOrDefault(tensor.Type), nmse);
            Assert.True(FileTolerance.TryGetValue(tensor.Type, out var tolerance), $"{tensor} has an unexpected type");
            Assert.True(nmse <= tolerance, $"{model} {tensor}: NMSE {nmse:E2} > {tolerance:E1}");
        }
        foreach (var (type, nmse) in worst) output.WriteLine($"{model} {type}: worst NMSE {nmse:E2}");
        Assert.Contains(worst.Keys, type => type is not GgmlType.F32 and not GgmlType.F16); // something quantized was checked
    }

    /// <summary>llama.cpp's quantize tool uses the reference rounding for these types, which ours reproduces exactly.</summary>
    [Theory]
    [MemberData(nameof(QuantizedModels))]
    public void QuantizingTheF32WeightsReproducesTheFileBytes(string model)
    {
        using var reference = GgufFile.Open(SharedData.Model(F32Model));
        using var file = GgufFile.Open(SharedData.Model(model));
        var reproduced = new HashSet<GgmlType>();
        foreach (var tensor in file.Tensors.Where(t => t.Type != GgmlType.F32))
        {
            var encoded = Quantization.Quantize(tensor.Type, F32Data(reference, tensor));
            var stored = file.GetTensorData(tensor);
            Assert.Equal(stored.Length, encoded.Length);
            var firstDifference = stored.CommonPrefixLength(encoded);
            Assert.True(firstDifference == stored.Length, $"{model} {tensor}: first differing byte at {firstDifference} of {stored.Length}");
            reproduced.Add(tensor.Type);
        }
        output.WriteLine($"{model}: reproduced {string.Join(", ", reproduced)}");
        var expectedType = model switch
        {
            "stories260K-mix-q8_0.gguf" => GgmlType.Q8_0,
            "stories260K-mix-q4_0.gguf" => GgmlType.Q4_0,
            "stories260K-Q4_K_M.gguf" => GgmlType.Q5_0,
            _ => GgmlType.Q8_0,
        };
        Assert.Contains(expectedType, reproduced);
    }

    /// <summary>The files hold no K-quant tensors (their rows are too short), so the K-quants encode the real weights here.</summary>
    [Theory]
    [InlineData(GgmlType.Q6_K, 8e-4)] // worst measured 3.6e-4
    [InlineData(GgmlType.Q5_K, 3e-3)] // 1.5e-3 (Q5_0 in the Q4_K_M file: 2.5e-3)
    [InlineData(GgmlType.Q4_K, 1.2e-2)] // 6.0e-3 (Q4_0 in the q4_0 file: 9.2e-3)
    public void KQuantsEncodeTheRealWeightsWithinTheirError(GgmlType type, double tolerance)
    {
        using var reference = GgufFile.Open(SharedData.Model(F32Model));
        var worst = 0.0;
        foreach (var tensor in reference.Tensors.Where(t => t.ElementCount % 256 == 0))
        {
            // whole tensors as one row: super-blocks then span several 64-element rows, which the format allows
            var weights = MemoryMarshal.Cast<byte, float>(reference.GetTensorData(tensor));
            var encoded = Quantization.Quantize(type, weights);
            Assert.Equal(Quantization.RowBytes(type, weights.Length), encoded.Length);
            var nmse = Nmse(Quantization.Dequantize(type, encoded), weights);
            worst = Math.Max(worst, nmse);
            Assert.True(nmse <= tolerance, $"{type} {tensor}: NMSE {nmse:E2} > {tolerance:E1}");
        }
        output.WriteLine($"{type}: worst NMSE {worst:E2}");
        Assert.True(worst > 0);
    }

    [Fact]
    public void SizesFollowTheBlockLayouts()
    {
        Assert.Equal(36, Quantization.RowBytes(GgmlType.Q4_0, 64));
        Assert.Equal(210, Quantization.RowBytes(GgmlType.Q6_K, 256));
        Assert.Equal(144, Quantization.BlockBytes(GgmlType.Q4_K));
        Assert.Equal(256, Quantization.BlockSize(GgmlType.Q5_K));
        Assert.Equal(6, Quantization.RowBytes(GgmlType.BF16, 3));
        Assert.Equal(0, Quantization.RowBytes(GgmlType.Q8_0, 0));
        Assert.True(Quantization.IsSupported(GgmlType.Q8_K));
        Assert.False(Quantization.IsSupported(GgmlType.Q2_K));
    }

    [Fact]
    public void SmallRowsRoundTripThroughEveryType()
    {
        GgmlType[] types = [GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q4_0, GgmlType.Q4_1, GgmlType.Q5_0,
                            GgmlType.Q5_1, GgmlType.Q8_0, GgmlType.Q8_1, GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K, GgmlType.Q8_K];
        var random = new Random(42);
        var row = new float[512];
        for (var i = 0; i < row.Length; i++) row[i] = (float)(random.NextDouble() * 2 - 1);
        foreach (var type in types)
        {
            var encoded = Quantization.Quantize(type, row);
            var decoded = new float[row.Length + 8];
            decoded.AsSpan().Fill(float.NaN);
            Assert.Equal(row.Length, Quantization.Dequantize(type, encoded, decoded));
            Assert.All(decoded[row.Length..], v => Assert.True(float.IsNaN(v))); // nothing written past the row
            Assert.True(Nmse(decoded.AsSpan(0, row.Length), row) < 1e-2, $"{type}");
        }
    }

    [Fact]
    public void WrongLengthsAreArgumentExceptions()
    {
        var floats = new float[64];
        var bytes = new byte[4096];
        // a source that is not a whole number of blocks
        Assert.Throws<ArgumentException>(() => Quantization.Quantize(GgmlType.Q4_0, floats.AsSpan(0, 33), bytes));
        Assert.Throws<ArgumentException>(() => Quantization.Quantize(GgmlType.Q4_K, floats, bytes));
        Assert.Throws<ArgumentException>(() => Quantization.Dequantize(GgmlType.Q8_0, bytes.AsSpan(0, 35), new float[64]));
        Assert.Throws<ArgumentException>(() => Quantization.Dequantize(GgmlType.F16, bytes.AsSpan(0, 3), new float[64]));
        // destinations one element or byte too small
        Assert.Throws<ArgumentException>(() => Quantization.Quantize(GgmlType.Q4_0, floats, new byte[35]));
        Assert.Throws<ArgumentException>(() => Quantization.Quantize(GgmlType.F32, floats, new byte[255]));
        Assert.Throws<ArgumentException>(() => Quantization.Dequantize(GgmlType.Q4_0, bytes.AsSpan(0, 36), new float[63]));
        Assert.Throws<ArgumentException>(() => Quantization.Dequantize(GgmlType.Q6_K, bytes.AsSpan(0, 210), new float[255]));
        Assert.Throws<ArgumentException>(() => Quantization.RowBytes(GgmlType.Q5_1, 31));
        Assert.Throws<ArgumentException>(() => Quantization.RowBytes(GgmlType.Q5_1, -32));
        // empty rows are valid and touch nothing
        Assert.Equal(0, Quantization.Quantize(GgmlType.Q8_0, ReadOnlySpan<float>.Empty, Span<byte>.Empty));
        Assert.Equal(0, Quantization.Dequantize(GgmlType.Q8_0, ReadOnlySpan<byte>.Empty, Span<float>.Empty));
    }

    [Theory]
    [InlineData((GgmlType)4)]
    [InlineData((GgmlType)999)]
    [InlineData(GgmlType.Q2_K)]
    [InlineData(GgmlType.IQ2_XXS)]
    [InlineData(GgmlType.I32)]
    public void TypesWithoutKernelsAreNotSupported(GgmlType type)
    {
        var error = Assert.Throws<NotSupportedException>(() => Quantization.Dequantize(type, new byte[64], new float[64]));
        Assert.Contains(((int)type).ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
        Assert.Throws<NotSupportedException>(() => Quantization.Quantize(type, new float[256], new byte[4096]));
        Assert.Throws<NotSupportedException>(() => Quantization.RowBytes(type, 256));
    }

    private static float[] F32Data(GgufFile reference, GgufTensorInfo tensor)
    {
        var original = reference.GetTensor(tensor.Name);
        Assert.Equal(GgmlType.F32, original.Type);
        Assert.Equal(original.Dimensions, tensor.Dimensions);
        return MemoryMarshal.Cast<byte, float>(reference.GetTensorData(original)).ToArray();
    }

    private static double Nmse(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        double error = 0, norm = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var d = (double)actual[i] - expected[i];
            error += d * d;
            norm += (double)expected[i] * expected[i];
        }
        return norm > 0 ? error / norm : error;
    }
}
