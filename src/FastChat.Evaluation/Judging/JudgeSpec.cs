using FastChat.Evaluation.Data;

namespace FastChat.Evaluation.Judging;

/// <summary>A judge: the judge model, its prompt, and whether it reads a reference answer or the whole two-turn conversation.</summary>
public sealed record JudgeSpec(string Model, JudgePrompt Prompt, bool ReferenceBased, bool MultiTurn)
{
    /// <summary>The (model, prompt name) pair written in judgments.</summary>
    public JudgeId Id => new(Model, Prompt.Name);

    /// <summary>The turn judgments of this judge are recorded under: 2 for multi-turn judges, else 1.</summary>
    public int Turn => MultiTurn ? 2 : 1;
}

/// <summary>FastChat's four judges per mode (make_judge_single / make_judge_pairwise).</summary>
/// <param name="Default">General questions, first turn.</param>
/// <param name="Math">Reference-based questions (math, reasoning, coding), first turn.</param>
/// <param name="DefaultMultiTurn">General questions, whole two-turn conversation.</param>
/// <param name="MathMultiTurn">Reference-based questions, whole two-turn conversation.</param>
public sealed record JudgeSet(JudgeSpec Default, JudgeSpec Math, JudgeSpec DefaultMultiTurn, JudgeSpec MathMultiTurn)
{
    /// <summary>single-v1, single-math-v1 and their multi-turn variants, or pair-v2, pair-math-v1 and theirs.</summary>
    /// <exception cref="KeyNotFoundException">A prompt is missing from <paramref name="prompts"/>.</exception>
    public static JudgeSet Create(string judgeModel, IReadOnlyDictionary<string, JudgePrompt> prompts, bool pairwise)
    {
        var (general, math) = pairwise ? ("pair-v2", "pair-math-v1") : ("single-v1", "single-math-v1");
        JudgePrompt Get(string name) => prompts.TryGetValue(name, out var prompt)
            ? prompt
            : throw new KeyNotFoundException($"judge prompt '{name}' is not in the judge prompt file");
        return new JudgeSet(
            new JudgeSpec(judgeModel, Get(general), false, false),
            new JudgeSpec(judgeModel, Get(math), true, false),
            new JudgeSpec(judgeModel, Get(general + "-multi-turn"), false, true),
            new JudgeSpec(judgeModel, Get(math + "-multi-turn"), true, true));
    }
}
