namespace FastChat.Evaluation.Answers;

/// <summary>FastChat's per-category settings (llm_judge/common.py).</summary>
public static class CategoryDefaults
{
    /// <summary>Temperature for categories not in the table.</summary>
    public const float DefaultTemperature = 0.7f;

    private static readonly Dictionary<string, float> Temperatures = new(StringComparer.Ordinal)
    {
        ["writing"] = 0.7f,
        ["roleplay"] = 0.7f,
        ["extraction"] = 0.0f,
        ["math"] = 0.0f,
        ["coding"] = 0.0f,
        ["reasoning"] = 0.0f,
        ["stem"] = 0.1f,
        ["humanities"] = 0.1f,
    };

    /// <summary>Categories judged against a reference answer (NEED_REF_CATS).</summary>
    public static IReadOnlySet<string> ReferenceCategories { get; } = new HashSet<string>(["math", "reasoning", "coding"], StringComparer.Ordinal);

    /// <summary>The sampling temperature FastChat uses for a question of <paramref name="category"/>.</summary>
    public static float Temperature(string category) => Temperatures.GetValueOrDefault(category, DefaultTemperature);

    /// <summary>True when questions of <paramref name="category"/> are judged with a reference answer.</summary>
    public static bool NeedsReference(string category) => ReferenceCategories.Contains(category);
}
