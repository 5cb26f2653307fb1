using FastChat.Gguf;
using FastChat.Quantization.Generation;

namespace FastChat.Quantization.Tests.Generation;

/// <summary>Alone in its collection: it measures the process's allocations, which parallel tests would inflate.</summary>
[CollectionDefinition(nameof(StreamingWriteTests), DisableParallelization = true)]
public sealed class StreamingWriteCollection;

[Collection(nameof(StreamingWriteTests))]
public class StreamingWriteTests
{
    [Fact]
    public void Writing_a_mid_size_model_allocates_far_less_than_the_file_size()
    {
        using var directory = new TempDirectory();
        var options = new GenerationOptions { Preset = ModelPresets.Stories110M, Type = GgmlType.Q4_0, Seed = 1 };
        // Warm up (JIT, pools) on the tiny preset so the measurement is the big write's own.
        RandomModelGenerator.Write(options with { Preset = ModelPresets.Tiny }, directory.File("warm.gguf"));

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var result = RandomModelGenerator.Write(options, directory.File("stories110m.gguf"));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.True(result.FileBytes > 70_000_000, $"file is {result.FileBytes} bytes");
        // The vocabulary metadata (~1 MB) and one 4 MB batch buffer; never anything proportional to the weights.
        Assert.True(allocated < 16_000_000, $"allocated {allocated / 1e6:F1} MB to write {result.FileBytes / 1e6:F1} MB");
        using var file = GgufFile.Open(result.Path);
        Assert.Equal(result.FileBytes, file.Length);
        Assert.Equal(ModelPresets.Stories110M.ParameterCount, file.Tensors.Sum(t => t.ElementCount));
    }
}
