namespace FastChat.Quantization.Generation;

/// <summary>A tensor of a generated model: llama.cpp name, GGUF dimensions (row length first) and content.</summary>
internal sealed record TensorSpec(string Name, long[] Dimensions, TensorContent Content);

/// <summary>The tensors of a llama-family decoder in llama.cpp's names and order.</summary>
internal static class TensorLayout
{
    public static IReadOnlyList<TensorSpec> For(ModelPreset preset)
    {
        long dim = preset.EmbeddingLength, ffn = preset.FeedForwardLength, kv = preset.KvDimension, vocab = preset.VocabSize;
        var tensors = new List<TensorSpec> { new("token_embd.weight", [dim, vocab], TensorContent.Random) };
        for (var b = 0; b < preset.BlockCount; b++)
        {
            var block = $"blk.{b}.";
            tensors.Add(new(block + "attn_norm.weight", [dim], TensorContent.Ones));
            tensors.Add(new(block + "attn_q.weight", [dim, dim], TensorContent.Random));
            tensors.Add(new(block + "attn_k.weight", [dim, kv], TensorContent.Random));
            tensors.Add(new(block + "attn_v.weight", [dim, kv], TensorContent.Random));
            if (preset.AttentionBiases)
            {
                tensors.Add(new(block + "attn_q.bias", [dim], TensorContent.Random));
                tensors.Add(new(block + "attn_k.bias", [kv], TensorContent.Random));
                tensors.Add(new(block + "attn_v.bias", [kv], TensorContent.Random));
            }
            tensors.Add(new(block + "attn_output.weight", [dim, dim], TensorContent.Random));
            tensors.Add(new(block + "ffn_norm.weight", [dim], TensorContent.Ones));
            tensors.Add(new(block + "ffn_gate.weight", [dim, ffn], TensorContent.Random));
            tensors.Add(new(block + "ffn_up.weight", [dim, ffn], TensorContent.Random));
            tensors.Add(new(block + "ffn_down.weight", [ffn, dim], TensorContent.Random));
        }
        tensors.Add(new("output_norm.weight", [dim], TensorContent.Ones));
        if (!preset.TiedEmbeddings) tensors.Add(new("output.weight", [dim, vocab], TensorContent.Random));
        return tensors;
    }
}
