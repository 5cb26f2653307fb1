namespace FastChat.Engine.Models;

/// <summary>How a head's dimensions pair up for rotary embedding.</summary>
public enum RopeLayout
{
    /// <summary>Pairs (2i, 2i+1): llama, mistral (GGUF converters permute Q/K into this order).</summary>
    Normal,

    /// <summary>Pairs (i, i + d/2): qwen2 and other GPT-NeoX-style models.</summary>
    NeoX,
}
