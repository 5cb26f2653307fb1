using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastChat.Training.Modeling;

/// <summary>
/// A llama decoder in TorchSharp, matching the engine's forward pass: token embedding, per block RMSNorm → attention
/// (GQA, RoPE on adjacent pairs as GGUF stores Q/K) → residual, RMSNorm → SwiGLU feed-forward → residual, final RMSNorm and
/// output projection. Shapes: B batch, T tokens, D model width, H/Hkv heads, d head width, V vocabulary.
/// </summary>
public sealed class LlamaForCausalLM : nn.Module<Tensor, Tensor>
{
    private readonly Parameter token_embd;
    private readonly ModuleList<LlamaBlock> blocks;
    private readonly Parameter output_norm;
    private readonly LoraLinear output;
    private readonly LlamaConfig _config;

    /// <summary>A model with the given weights (see <see cref="GgufWeightLoader"/>); tensors are taken, not copied.</summary>
    public LlamaForCausalLM(LlamaConfig config, IReadOnlyDictionary<string, Tensor> weights) : base("LlamaForCausalLM")
    {
        _config = config;
        token_embd = new Parameter(weights["token_embd.weight"]);
        output_norm = new Parameter(weights["output_norm.weight"]);
        // Tied embeddings when the file has no output matrix (llama.cpp's rule).
        output = new LoraLinear(weights.TryGetValue("output.weight", out var head) ? head : weights["token_embd.weight"].clone());
        blocks = new ModuleList<LlamaBlock>([.. Enumerable.Range(0, config.Layers).Select(i => new LlamaBlock(config, i, weights))]);
        RegisterComponents();
    }

    /// <summary>The hyper-parameters.</summary>
    public LlamaConfig Config => _config;

    /// <summary>The blocks in order.</summary>
    public IReadOnlyList<LlamaBlock> Blocks => [.. blocks];

    /// <summary>Logits [B, T, V] for token ids [B, T] (int64), causal attention from position 0.</summary>
    public override Tensor forward(Tensor ids)
    {
        using var scope = NewDisposeScope();
        var x = token_embd.index_select(0, ids.flatten()).view(ids.shape[0], ids.shape[1], -1); // [B, T, D]
        var (cos, sin) = Rotary.Tables(_config, ids.shape[1], x.device);          // [T, d/2] each
        foreach (var block in blocks) x = block.forward(x, cos, sin);              // [B, T, D]
        x = Norms.Rms(x, output_norm, _config.NormEpsilon);                        // [B, T, D]
        return output.forward(x).MoveToOuterDisposeScope();                        // [B, T, V]
    }

    /// <summary>Every projection by its GGUF tensor name (for LoRA targeting and export).</summary>
    public IEnumerable<(string Name, LoraLinear Linear)> Projections()
    {
        yield return ("output.weight", output);
        foreach (var block in blocks)
            foreach (var projection in block.Projections()) yield return projection;
    }

    /// <summary>Every weight by its GGUF tensor name, adapters merged (what export writes).</summary>
    public IEnumerable<(string Name, Tensor Weight)> MergedWeights()
    {
        yield return ("token_embd.weight", token_embd.detach());
        yield return ("output_norm.weight", output_norm.detach());
        foreach (var (name, linear) in Projections()) yield return (name, linear.MergedWeight());
        foreach (var block in blocks)
            foreach (var norm in block.NormWeights()) yield return norm;
    }

    /// <summary>Adds LoRA adapters to the targeted projections and freezes every other weight.</summary>
    public void AddLora(LoraOptions options, long seed = 0)
    {
        var generator = new Generator((ulong)seed);
        foreach (var parameter in parameters()) parameter.requires_grad = false;
        foreach (var (name, linear) in Projections())
            if (options.TargetModules.Any(t => name.EndsWith("." + t + ".weight", StringComparison.Ordinal) || name == t + ".weight"))
                linear.AddAdapter(options, generator);
    }

    /// <summary>Folds every adapter into its weight.</summary>
    public void MergeLora()
    {
        foreach (var (_, linear) in Projections()) linear.Merge();
    }
}

/// <summary>One transformer block: pre-norm attention and pre-norm SwiGLU feed-forward, each added to the residual stream.</summary>
public sealed class LlamaBlock : nn.Module<Tensor, Tensor>
{
    private readonly Parameter attn_norm;
    private readonly LoraLinear attn_q, attn_k, attn_v, attn_output;
    private readonly Parameter ffn_norm;
    private readonly LoraLinear ffn_gate, ffn_up, ffn_down;
    private readonly LlamaConfig _config;
    private readonly int _index;

    internal LlamaBlock(LlamaConfig config, int index, IReadOnlyDictionary<string, Tensor> weights) : base($"blk.{index}")
    {
        _config = config;
        _index = index;
        Tensor W(string name) => weights[$"blk.{index}.{name}.weight"];
        attn_norm = new Parameter(W("attn_norm"));
        attn_q = new LoraLinear(W("attn_q"));
        attn_k = new LoraLinear(W("attn_k"));
        attn_v = new LoraLinear(W("attn_v"));
        attn_output = new LoraLinear(W("attn_output"));
        ffn_norm = new Parameter(W("ffn_norm"));
        ffn_gate = new LoraLinear(W("ffn_gate"));
        ffn_up = new LoraLinear(W("ffn_up"));
        ffn_down = new LoraLinear(W("ffn_down"));
        RegisterComponents();
    }

    /// <summary>Not used: a block needs the RoPE tables; call <see cref="forward(Tensor, Tensor, Tensor)"/>.</summary>
    public override Tensor forward(Tensor x) => throw new NotSupportedException("call forward(x, cos, sin)");

    /// <summary>x [B, T, D] → [B, T, D].</summary>
    public Tensor forward(Tensor x, Tensor cos, Tensor sin)
    {
        var (b, t) = (x.shape[0], x.shape[1]);
        var (h, hkv, d) = (_config.Heads, _config.KvHeads, _config.HeadDim);

        var normed = Norms.Rms(x, attn_norm, _config.NormEpsilon);                             // [B, T, D]
        var q = attn_q.forward(normed).view(b, t, h, d).transpose(1, 2);                        // [B, H, T, d]
        var k = attn_k.forward(normed).view(b, t, hkv, d).transpose(1, 2);                      // [B, Hkv, T, d]
        var v = attn_v.forward(normed).view(b, t, hkv, d).transpose(1, 2);                      // [B, Hkv, T, d]
        q = Rotary.Apply(q, cos, sin, _config.RopeDims);
        k = Rotary.Apply(k, cos, sin, _config.RopeDims);
        k = k.repeat_interleave(h / hkv, dim: 1);                                               // [B, H, T, d]: query head i uses kv head i / (H / Hkv)
        v = v.repeat_interleave(h / hkv, dim: 1);                                               // [B, H, T, d]
        var scores = q.matmul(k.transpose(2, 3)).div_(Math.Sqrt(d));                           // [B, H, T, T]
        var causal = ones(t, t, dtype: ScalarType.Bool, device: x.device).triu(1);              // [T, T]: true above the diagonal = future
        scores = scores.masked_fill(causal, float.NegativeInfinity);
        var attention = nn.functional.softmax(scores, dim: -1).matmul(v);                       // [B, H, T, d]
        attention = attention.transpose(1, 2).reshape(b, t, h * d);                             // [B, T, H·d]
        x = x + attn_output.forward(attention);                                                 // [B, T, D]

        normed = Norms.Rms(x, ffn_norm, _config.NormEpsilon);                                   // [B, T, D]
        var hidden = nn.functional.silu(ffn_gate.forward(normed)) * ffn_up.forward(normed);     // [B, T, F]
        return x + ffn_down.forward(hidden);                                                    // [B, T, D]
    }

    internal IEnumerable<(string Name, LoraLinear Linear)> Projections()
    {
        var p = $"blk.{_index}.";
        yield return (p + "attn_q.weight", attn_q);
        yield return (p + "attn_k.weight", attn_k);
        yield return (p + "attn_v.weight", attn_v);
        yield return (p + "attn_output.weight", attn_output);
        yield return (p + "ffn_gate.weight", ffn_gate);
        yield return (p + "ffn_up.weight", ffn_up);
        yield return (p + "ffn_down.weight", ffn_down);
    }

    internal IEnumerable<(string Name, Tensor Weight)> NormWeights()
    {
        yield return ($"blk.{_index}.attn_norm.weight", attn_norm.detach());
        yield return ($"blk.{_index}.ffn_norm.weight", ffn_norm.detach());
    }
}
