using FastChat.Gguf;
using FastChat.Quantization.Pipeline;
using FastChat.Quantization.Quantizing;
using FastChat.Tests;
using QuantKernels = FastChat.Native.Kernels.Quantization;

namespace FastChat.Quantization.Tests;

/// <summary>Quantization on rows that are whole k-quant super-blocks, progress, threads and failure without output.</summary>
public sealed class QuantizeBehaviourTests
{
    private static readonly SyntheticModel.Shape KShape = new("llama", Dim: 256, Ffn: 512, Layers: 8, Heads: 4, KvHeads: 2);

    private static string WriteKModel(TempDirectory temp)
    {
        var path = temp.File("k-model-f32.gguf");
        SyntheticModel.Write(path, KShape, SharedData.Model("stories260K.gguf"), GgmlType.F32);
        return path;
    }

    /// <summary>Relative RMS error of a quantized tensor against its F32 source.</summary>
    private static double RelativeError(GgufFile source, GgufFile quantized, string name)
    {
        var original = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(source.GetTensorData(source.GetTensor(name))).ToArray();
        var tensor = quantized.GetTensor(name);
        var decoded = QuantKernels.Dequantize(tensor.Type, quantized.GetTensorData(tensor));
        double error = 0, energy = 0;
        for (var i = 0; i < original.Length; i++)
        {
            error += (original[i] - decoded[i]) * (double)(original[i] - decoded[i]);
            energy += original[i] * (double)original[i];
        }
        return Math.Sqrt(error / energy);
    }

    [Fact]
    public void Q4_K_MMixesKQuantsAndStaysCloseToTheSource()
    {
        using var temp = new TempDirectory();
        var input = WriteKModel(temp);
        var output = temp.File("q4km.gguf");
        var result = ModelQuantizer.Quantize(input, output, new QuantizeOptions { Type = QuantizationType.Q4_K_M, Threads = 2 });
        using var source = GgufFile.Open(input);
        using var quantized = GgufFile.Open(output);
        Assert.Equal(GgmlType.Q6_K, quantized.GetTensor("blk.0.attn_v.weight").Type);
        // use_more_bits for 8 layers: 0, 3, 6, 7.
        Assert.Equal(GgmlType.Q4_K, quantized.GetTensor("blk.2.attn_v.weight").Type);
        Assert.Equal(GgmlType.Q6_K, quantized.GetTensor("blk.3.attn_v.weight").Type);
        Assert.Equal(GgmlType.Q6_K, quantized.GetTensor("blk.7.ffn_down.weight").Type);
        Assert.Equal(GgmlType.Q4_K, quantized.GetTensor("blk.1.attn_q.weight").Type);
        Assert.Equal(GgmlType.Q4_K, quantized.GetTensor("blk.1.ffn_down.weight").Type);
        Assert.Equal(GgmlType.Q4_K, quantized.GetTensor("token_embd.weight").Type);
        // Gaussian weights: 4-bit k-quants keep the relative RMS error near 0.1, 6-bit near 0.025.
        Assert.InRange(RelativeError(source, quantized, "blk.1.attn_q.weight"), 0.02, 0.13);
        Assert.InRange(RelativeError(source, quantized, "blk.0.attn_v.weight"), 0.005, 0.035);
        Assert.Equal(result.Tensors.Count, quantized.Tensors.Count);
        Assert.True(result.OutputBytes < result.SourceBytes / 5);
    }

    [Theory]
    [InlineData("Q5_K_M", GgmlType.Q5_K, 0.06)]
    [InlineData("Q4_K_S", GgmlType.Q4_K, 0.13)]
    [InlineData("Q4_1", GgmlType.Q4_1, 0.13)]
    [InlineData("Q5_0", GgmlType.Q5_0, 0.07)]
    [InlineData("BF16", GgmlType.BF16, 0.005)]
    public void EveryTypeEncodesTheWeightsItClaims(string type, GgmlType expected, double maxError)
    {
        using var temp = new TempDirectory();
        var input = WriteKModel(temp);
        var output = temp.File("out.gguf");
        ModelQuantizer.Quantize(input, output, new QuantizeOptions { Type = QuantizationType.Parse(type) });
        using var source = GgufFile.Open(input);
        using var quantized = GgufFile.Open(output);
        Assert.Equal(expected, quantized.GetTensor("blk.4.attn_q.weight").Type);
        Assert.InRange(RelativeError(source, quantized, "blk.4.attn_q.weight"), 0, maxError);
    }

    [Fact]
    public void ThreadCountDoesNotChangeTheOutput()
    {
        using var temp = new TempDirectory();
        var input = WriteKModel(temp);
        ModelQuantizer.Quantize(input, temp.File("one.gguf"), new QuantizeOptions { Type = QuantizationType.Q4_K_M, Threads = 1 });
        ModelQuantizer.Quantize(input, temp.File("many.gguf"), new QuantizeOptions { Type = QuantizationType.Q4_K_M, Threads = 4 });
        Assert.Equal(File.ReadAllBytes(temp.File("one.gguf")), File.ReadAllBytes(temp.File("many.gguf")));
    }

    [Fact]
    public void ProgressCoversEveryTensorAndEndsComplete()
    {
        using var temp = new TempDirectory();
        var reports = new List<ConversionProgress>();
        var progress = new SynchronousProgress<ConversionProgress>(reports.Add);
        var result = ModelQuantizer.Quantize(SharedData.Model("stories260K.gguf"), temp.File("out.gguf"), new QuantizeOptions { Type = QuantizationType.Q8_0 }, progress);
        Assert.Equal(result.Tensors.Select(t => t.Name), reports.Where(r => r.TensorIndex < r.TensorCount).Select(r => r.TensorName).Distinct());
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.Second.BytesDone >= p.First.BytesDone));
        Assert.Equal(1.0, reports[^1].Fraction);
        using var source = GgufFile.Open(SharedData.Model("stories260K.gguf"));
        Assert.Equal(source.Tensors.Sum(t => t.ByteSize), result.SourceBytes);
    }

    [Fact]
    public void ACancelledRunLeavesNoOutputAndNoTemporaryFile()
    {
        using var temp = new TempDirectory();
        using var cancellation = new CancellationTokenSource();
        var progress = new SynchronousProgress<ConversionProgress>(p =>
        {
            if (p.TensorIndex == 10) cancellation.Cancel();
        });
        Assert.ThrowsAny<OperationCanceledException>(() =>
            ModelQuantizer.Quantize(SharedData.Model("stories260K.gguf"), temp.File("out.gguf"), new QuantizeOptions { Type = QuantizationType.Q8_0 }, progress, cancellation.Token));
        Assert.Empty(temp.Entries());
    }

    [Fact]
    public void AFailedRunKeepsAnExistingOutputFileUnchanged()
    {
        using var temp = new TempDirectory();
        var output = temp.File("out.gguf");
        File.WriteAllText(output, "previous");
        var options = new QuantizeOptions { Type = QuantizationType.Q8_0, Overrides = [TensorTypeOverride.Parse("ffn_down=q4_0")] };
        var error = Assert.Throws<ModelConversionException>(() => ModelQuantizer.Quantize(SharedData.Model("stories260K.gguf"), output, options));
        Assert.Contains("ffn_down", error.Message);
        Assert.Equal("previous", File.ReadAllText(output));
        Assert.Equal(["out.gguf"], temp.Entries());
    }

    /// <summary>IProgress that reports on the calling thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
