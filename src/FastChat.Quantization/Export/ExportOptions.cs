namespace FastChat.Quantization.Export;

/// <summary>How to export a GGUF model as a Hugging Face checkpoint.</summary>
public sealed record ExportOptions
{
    /// <summary>Largest safetensors shard (data bytes); larger models are split with an index file. Default: one file.</summary>
    public long MaxShardBytes { get; init; } = long.MaxValue;

    /// <summary>Threads that decode quantized tensors; default all processors.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
}
