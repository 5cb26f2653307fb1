namespace FastChat.Training.Modeling;

/// <summary>
/// Low-rank adaptation settings (PEFT's LoraConfig): each targeted weight W gets W + (alpha / rank) * B A with A
/// (rank x in) random and B (out x rank) zero, so training starts from the base model; only A and B train.
/// </summary>
public sealed record LoraOptions
{
    /// <summary>Rank r of the update.</summary>
    public int Rank { get; init; } = 8;
    /// <summary>Scale numerator: the update is multiplied by Alpha / Rank.</summary>
    public float Alpha { get; init; } = 16;
    /// <summary>Dropout on the adapter's input during training.</summary>
    public float Dropout { get; init; } = 0.05f;
    /// <summary>Which projections get adapters, by GGUF short name: attn_q, attn_k, attn_v, attn_output, ffn_gate, ffn_up, ffn_down.</summary>
    public IReadOnlyList<string> TargetModules { get; init; } = ["attn_q", "attn_v"];

    /// <summary>The scale applied to B A.</summary>
    public float Scaling => Alpha / Rank;
}
