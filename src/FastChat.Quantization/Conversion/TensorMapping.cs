namespace FastChat.Quantization.Conversion;

/// <summary>
/// One tensor of a supported architecture under both names: Hugging Face's (with its row-major shape) and
/// GGUF's. <see cref="RopeHeads"/> is set for Q/K weights, whose rows are permuted between the two.
/// </summary>
public sealed record TensorMapping(string HfName, string GgufName, IReadOnlyList<long> HfShape, int? RopeHeads = null, bool Optional = false)
{
    /// <summary>The shape in ggml order (the reverse of the row-major one).</summary>
    public long[] GgufDimensions => HfShape.Reverse().ToArray();

    public string HfShapeText => "[" + string.Join(", ", HfShape) + "]";
}

/// <summary>The tensors a llama / mistral / qwen2 checkpoint holds, with their GGUF names and expected shapes.</summary>
public static class TensorLayout
{
    /// <summary>Tensors checkpoints may hold that GGUF does not need (recomputed at load time).</summary>
    public static bool IsIgnorable(string hfName) => hfName.EndsWith("rotary_emb.inv_freq", StringComparison.Ordinal);

    public static IReadOnlyList<TensorMapping> For(HfArchitecture architecture, int hidden, int ffn, int layers, int heads, int kvHeads, int headDim, long vocab, bool outputOptional)
    {
        long q = (long)heads * headDim, kv = (long)kvHeads * headDim;
        int? ropeQ = architecture.PermuteQueryKey ? heads : null;
        int? ropeK = architecture.PermuteQueryKey ? kvHeads : null;
        var list = new List<TensorMapping> { new("model.embed_tokens.weight", "token_embd.weight", [vocab, hidden]) };
        for (var i = 0; i < layers; i++)
        {
            string hf = $"model.layers.{i}.", gguf = $"blk.{i}.";
            list.Add(new(hf + "input_layernorm.weight", gguf + "attn_norm.weight", [hidden]));
            list.Add(new(hf + "self_attn.q_proj.weight", gguf + "attn_q.weight", [q, hidden], ropeQ));
            list.Add(new(hf + "self_attn.k_proj.weight", gguf + "attn_k.weight", [kv, hidden], ropeK));
            list.Add(new(hf + "self_attn.v_proj.weight", gguf + "attn_v.weight", [kv, hidden]));
            if (architecture.HasQkvBias)
            {
                list.Add(new(hf + "self_attn.q_proj.bias", gguf + "attn_q.bias", [q]));
                list.Add(new(hf + "self_attn.k_proj.bias", gguf + "attn_k.bias", [kv]));
                list.Add(new(hf + "self_attn.v_proj.bias", gguf + "attn_v.bias", [kv]));
            }
            list.Add(new(hf + "self_attn.o_proj.weight", gguf + "attn_output.weight", [hidden, q]));
            list.Add(new(hf + "post_attention_layernorm.weight", gguf + "ffn_norm.weight", [hidden]));
            list.Add(new(hf + "mlp.gate_proj.weight", gguf + "ffn_gate.weight", [ffn, hidden]));
            list.Add(new(hf + "mlp.up_proj.weight", gguf + "ffn_up.weight", [ffn, hidden]));
            list.Add(new(hf + "mlp.down_proj.weight", gguf + "ffn_down.weight", [hidden, ffn]));
        }
        list.Add(new("model.norm.weight", "output_norm.weight", [hidden]));
        list.Add(new("lm_head.weight", "output.weight", [vocab, hidden], Optional: outputOptional));
        return list;
    }
}
