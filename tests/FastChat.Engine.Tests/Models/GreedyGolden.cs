using System.Text.Json;
using FastChat.Tests;

namespace FastChat.Engine.Tests.Models;

/// <summary>A reference greedy decoding from ../shared/golden: prompt ids, then per step the token and its top-5 logits.</summary>
internal sealed record GreedyGolden(string Model, string Prompt, int[] PromptIds, GreedyGolden.Step[] Steps)
{
    internal sealed record Step(int Token, string Piece, (int Token, float Logit)[] Top5);

    public static GreedyGolden Load(string fileName)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(SharedData.Path("golden", fileName)));
        var root = doc.RootElement;
        var steps = root.GetProperty("steps").EnumerateArray().Select(s => new Step(
            s.GetProperty("token").GetInt32(),
            s.GetProperty("piece").GetString()!,
            s.GetProperty("top5").EnumerateArray().Select(p => (p[0].GetInt32(), p[1].GetSingle())).ToArray())).ToArray();
        return new GreedyGolden(
            root.GetProperty("model").GetString()!,
            root.GetProperty("prompt").GetString()!,
            root.GetProperty("prompt_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            steps);
    }
}
