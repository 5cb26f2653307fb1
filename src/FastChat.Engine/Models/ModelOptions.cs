using FastChat.Gguf;

namespace FastChat.Engine.Models;

/// <summary>How to load a model: KV cache element type (F16 like llama.cpp; Q8_0 halves it; F32 is exact) and an optional smaller context.</summary>
public sealed record ModelOptions
{
    public GgmlType KvCacheType { get; init; } = GgmlType.F16;

    /// <summary>Caps the context below the trained length (saves KV memory); null keeps the file's.</summary>
    public int? ContextLength { get; init; }

    public static ModelOptions Default { get; } = new();
}
