using FastChat.Evaluation.Data;

namespace FastChat.Evaluation.Results;

/// <summary>A model's wins, losses and ties over some pairwise judgments.</summary>
public sealed record WinLossTie(string Model, int Win, int Loss, int Tie)
{
    /// <summary>Games counted.</summary>
    public int Total => Win + Loss + Tie;

    /// <summary>win / total.</summary>
    public double WinRate => Total == 0 ? 0 : (double)Win / Total;

    /// <summary>loss / total.</summary>
    public double LossRate => Total == 0 ? 0 : (double)Loss / Total;

    /// <summary>(win + 0.5 tie) / total: each tie counts as half a win and half a loss.</summary>
    public double AdjustedWinRate => Total == 0 ? 0 : (Win + 0.5 * Tie) / Total;
}

/// <summary>
/// show_result's pairwise modes: judgments with an "error" in either order dropped; a tie in the first order, or
/// orders that disagree, count as a tie for both models; otherwise one win and one loss. The baseline model is left
/// out of the table. Sorted by adjusted win rate, best first; also per question category.
/// </summary>
public sealed record PairwiseSummary(IReadOnlyList<WinLossTie> Overall, IReadOnlyDictionary<string, IReadOnlyList<WinLossTie>> ByCategory)
{
    /// <param name="judgments">Pairwise judgments.</param>
    /// <param name="baseline">pairwise-baseline: only games with this model, and it is left out of the table; null for pairwise-all.</param>
    /// <param name="categories">Question categories by id, for the per-category tables.</param>
    /// <param name="models">Only games whose models (other than the baseline) are all in this list, when given.</param>
    public static PairwiseSummary Compute(IEnumerable<PairwiseJudgment> judgments, string? baseline = null,
                                          IReadOnlyDictionary<QuestionId, string>? categories = null, IReadOnlyCollection<string>? models = null)
    {
        var games = judgments.Where(j => j.Game1Winner != PairwiseJudgment.Error && j.Game2Winner != PairwiseJudgment.Error)
                             .Where(j => baseline is null || j.Model1 == baseline || j.Model2 == baseline)
                             .Where(j => models is null || ((j.Model1 == baseline || models.Contains(j.Model1)) && (j.Model2 == baseline || models.Contains(j.Model2))))
                             .ToList();
        var byCategory = new Dictionary<string, IReadOnlyList<WinLossTie>>(StringComparer.Ordinal);
        if (categories is not null)
        {
            foreach (var group in games.Where(j => categories.ContainsKey(j.QuestionId)).GroupBy(j => categories[j.QuestionId], StringComparer.Ordinal))
                byCategory[group.Key] = Tally(group, baseline);
        }
        return new PairwiseSummary(Tally(games, baseline), byCategory);
    }

    private static List<WinLossTie> Tally(IEnumerable<PairwiseJudgment> games, string? baseline)
    {
        var counts = new Dictionary<string, (int Win, int Loss, int Tie)>(StringComparer.Ordinal);
        void Add(string model, int win, int loss, int tie)
        {
            var c = counts.GetValueOrDefault(model);
            counts[model] = (c.Win + win, c.Loss + loss, c.Tie + tie);
        }
        foreach (var game in games)
        {
            if (game.Game1Winner == PairwiseJudgment.Tie || !game.IsConsistent)
            {
                Add(game.Model1, 0, 0, 1);
                Add(game.Model2, 0, 0, 1);
            }
            else
            {
                var (winner, loser) = game.Game1Winner == PairwiseJudgment.Model1Wins ? (game.Model1, game.Model2) : (game.Model2, game.Model1);
                Add(winner, 1, 0, 0);
                Add(loser, 0, 1, 0);
            }
        }
        return [.. counts.Where(kv => kv.Key != baseline)
                         .Select(kv => new WinLossTie(kv.Key, kv.Value.Win, kv.Value.Loss, kv.Value.Tie))
                         .OrderByDescending(r => r.AdjustedWinRate).ThenBy(r => r.Model, StringComparer.Ordinal)];
    }
}
