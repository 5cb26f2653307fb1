using FastChat.Gguf;

namespace FastChat.Engine.Models;

/// <summary>
/// How to load a model: KV cache element type (F16 like llama.cpp; Q8_0 halves it; F32 is exact), an optional
/// smaller context, and whether to repack weights for the SIMD kernels.
/// </summary>
public sealed record ModelOptions
{
    public GgmlType KvCacheType { get; init; } = GgmlType.F16;

    /// <summary>Caps the context below the trained length (saves KV memory); null keeps the file's.</summary>
    public int? ContextLength { get; init; }

    /// <summary>
    /// Copies Q4_0 and Q8_0 matrices once, at load, into the interleaved layout of the AVX-512 tiles
    /// (<see cref="FastChat.Native.Kernels.RepackedMatrix"/>): batched decode and prefill skip per-call
    /// unpacking. Costs one pass over those weights at load, and they then live in anonymous memory instead of
    /// the file's pages. No effect on CPUs without those kernels.
    /// </summary>
    public bool RepackWeights { get; init; } = true;

    public static ModelOptions Default { get; } = new();
}
