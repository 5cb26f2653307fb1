using FastChat.Evaluation.Data;
using FastChat.Evaluation.Judging;

namespace FastChat.Evaluation.Results;

/// <summary>A model's mean score over some judgments.</summary>
public sealed record ModelScore(string Model, double Score, int Count);

/// <summary>
/// show_result's single mode: judgments scored -1 dropped, then the mean score per model for the first turn, the
/// second turn and both; plus the mean per model and question category. Tables are sorted best first.
/// </summary>
public sealed record SingleScoreSummary(
    IReadOnlyList<ModelScore> FirstTurn,
    IReadOnlyList<ModelScore> SecondTurn,
    IReadOnlyList<ModelScore> Average,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, ModelScore>> ByCategory)
{
    /// <param name="judgments">Single judgments (any judges; filter beforehand to pick one).</param>
    /// <param name="categories">Question categories by id, for the per-category table (judgments of unknown questions are left out of it).</param>
    /// <param name="models">Only these models, when given.</param>
    public static SingleScoreSummary Compute(IEnumerable<SingleJudgment> judgments, IReadOnlyDictionary<QuestionId, string>? categories = null,
                                             IReadOnlyCollection<string>? models = null)
    {
        var valid = judgments.Where(j => j.Score != JudgmentParser.NoRating && (models is null || models.Contains(j.Model))).ToList();
        var byCategory = new Dictionary<string, IReadOnlyDictionary<string, ModelScore>>(StringComparer.Ordinal);
        if (categories is not null)
        {
            foreach (var group in valid.Where(j => categories.ContainsKey(j.QuestionId)).GroupBy(j => categories[j.QuestionId], StringComparer.Ordinal))
                byCategory[group.Key] = Means(group).ToDictionary(s => s.Model, StringComparer.Ordinal);
        }
        return new SingleScoreSummary(Means(valid.Where(j => j.Turn == 1)), Means(valid.Where(j => j.Turn == 2)), Means(valid), byCategory);
    }

    private static List<ModelScore> Means(IEnumerable<SingleJudgment> judgments) =>
        [.. judgments.GroupBy(j => j.Model, StringComparer.Ordinal)
                     .Select(g => new ModelScore(g.Key, g.Average(j => j.Score), g.Count()))
                     .OrderByDescending(s => s.Score).ThenBy(s => s.Model, StringComparer.Ordinal)];
}
