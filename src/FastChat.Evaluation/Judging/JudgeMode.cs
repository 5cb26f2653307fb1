namespace FastChat.Evaluation.Judging;

/// <summary>The three ways FastChat's gen_judgment and show_result compare models.</summary>
public enum JudgeMode
{
    /// <summary>Each answer graded alone, 1-10.</summary>
    Single,

    /// <summary>Each model against one baseline model, both orders.</summary>
    PairwiseBaseline,

    /// <summary>Every pair of models, both orders.</summary>
    PairwiseAll,
}

/// <summary>Names of <see cref="JudgeMode"/> as FastChat's command line spells them.</summary>
public static class JudgeModes
{
    /// <summary>single, pairwise-baseline, pairwise-all.</summary>
    public static IReadOnlyList<string> Names { get; } = ["single", "pairwise-baseline", "pairwise-all"];

    /// <summary>Parses FastChat's spelling.</summary>
    /// <exception cref="ArgumentException">Not one of <see cref="Names"/>.</exception>
    public static JudgeMode Parse(string name) => name switch
    {
        "single" => JudgeMode.Single,
        "pairwise-baseline" => JudgeMode.PairwiseBaseline,
        "pairwise-all" => JudgeMode.PairwiseAll,
        _ => throw new ArgumentException($"mode must be one of {string.Join(", ", Names)}, not '{name}'", nameof(name)),
    };

    /// <summary>True for the two pairwise modes.</summary>
    public static bool IsPairwise(this JudgeMode mode) => mode != JudgeMode.Single;
}
