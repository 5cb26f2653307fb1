using BenchmarkDotNet.Attributes;
using FastChat.Gguf;

namespace FastChat.Benchmarks;

/// <summary>
/// Cost of GgufFile.Open: map + parse header/metadata/tensor infos. Tensor data is never touched, so the
/// 1.1 GiB file should open about as fast as its metadata (the 32000-token vocabulary) can be parsed.
/// </summary>
[MemoryDiagnoser]
public class GgufOpenBenchmarks
{
    private string _path = "";

    [Params("stories260K", "llama2-vocab-32000", "tinyllama-shape-q8_0-1.1GiB")]
    public string File { get; set; } = "";

    [GlobalSetup]
    public void Setup() => _path = File switch
    {
        "stories260K" => BenchmarkFiles.Shared("models", "stories260K.gguf"),
        "llama2-vocab-32000" => BenchmarkFiles.Shared("models", "llama-2-tiny-random.gguf"),
        _ => BenchmarkFiles.TinyLlamaShapedQ8_0(),
    };

    [Benchmark]
    public int Open()
    {
        using var file = GgufFile.Open(_path);
        return file.Tensors.Count;
    }
}
