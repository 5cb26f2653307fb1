using System.Text.Json;
using FastChat.Tests;
using FastChat.Training.Modeling;
using static TorchSharp.torch;

namespace FastChat.Training.Tests;

public sealed class TorchModelTests
{
    [Fact]
    public void TorchLlamaReproducesTheReferenceGreedyDecodingAndLogits()
    {
        // Reference: llama.cpp's greedy run on stories260K (shared/golden), independent of both our engine and TorchSharp.
        using var golden = JsonDocument.Parse(File.ReadAllText(SharedData.Path("golden", "stories260K.greedy64.json")));
        var prompt = golden.RootElement.GetProperty("prompt_ids").EnumerateArray().Select(e => e.GetInt32()).ToList();
        var steps = golden.RootElement.GetProperty("steps").EnumerateArray().ToList();
        using var model = GgufWeightLoader.Load(ModelFixture.Stories);
        var tokens = TorchGreedy.Generate(model, prompt, steps.Count);
        Assert.Equal(steps.Select(s => s.GetProperty("token").GetInt32()), tokens);

        using var _ = no_grad();
        using var logits = model.forward(tensor(prompt.Select(i => (long)i).ToArray()).unsqueeze(0));
        foreach (var pair in steps[0].GetProperty("top5").EnumerateArray())
        {
            var (id, expected) = (pair[0].GetInt32(), pair[1].GetDouble());
            var actual = logits[0, -1, id].item<float>();
            Assert.True(Math.Abs(actual - expected) <= 1e-3 * Math.Abs(expected) + 1e-4, $"token {id}: {actual} vs {expected}"); // F32: ~1e-3 relative
        }
    }

    [Fact]
    public void MergedLoraEqualsTheAdaptedForward()
    {
        using var model = GgufWeightLoader.Load(ModelFixture.Stories);
        model.AddLora(new LoraOptions { Rank = 4, Alpha = 8, Dropout = 0, TargetModules = ["attn_q", "attn_v", "ffn_up"] }, seed: 1);
        using (no_grad())
            foreach (var p in model.named_parameters().Where(p => p.name.Contains("lora_B"))) p.parameter.normal_(0, 0.05); // a non-zero update
        model.eval();
        using var ids = tensor(new long[] { 1, 403, 432, 383 }).unsqueeze(0);
        using var adapted = model.forward(ids);
        model.MergeLora();
        using var merged = model.forward(ids);
        Assert.True(adapted.allclose(merged, rtol: 1e-4, atol: 1e-5), "merging must not change the function");
        Assert.True(model.Projections().All(p => !p.Linear.HasAdapter));
    }
}
