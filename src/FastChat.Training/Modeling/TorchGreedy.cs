using static TorchSharp.torch;

namespace FastChat.Training.Modeling;

/// <summary>Greedy decoding with the TorchSharp model (full recompute each step: fine for the tiny models trained here).</summary>
public static class TorchGreedy
{
    /// <summary>Up to <paramref name="maxNewTokens"/> argmax tokens after <paramref name="promptIds"/>, stopping after <paramref name="eos"/>.</summary>
    public static List<int> Generate(LlamaForCausalLM model, IReadOnlyList<int> promptIds, int maxNewTokens, int? eos = null)
    {
        model.eval();
        using var _ = no_grad();
        var ids = promptIds.Select(i => (long)i).ToList();
        var generated = new List<int>();
        for (var step = 0; step < maxNewTokens; step++)
        {
            using var scope = NewDisposeScope();
            var logits = model.forward(tensor(ids.ToArray()).unsqueeze(0));   // [1, T, V]
            var next = (int)logits[0, -1].argmax().item<long>();
            generated.Add(next);
            if (next == eos) break;
            ids.Add(next);
        }
        return generated;
    }
}
