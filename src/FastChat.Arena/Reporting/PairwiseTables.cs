using FastChat.Arena.Battles;
using FastChat.Arena.Ratings;

namespace FastChat.Arena.Reporting;

/// <summary>Pairwise tables of FastChat's leaderboard: observed win fractions, battle counts and predicted win rates.</summary>
public static class PairwiseTables
{
    /// <summary>
    /// Fraction of non-tied battles in which the row model beat the column model, either side counted
    /// (compute_pairwise_win_fraction over battles without ties); NaN where the two never met.
    /// </summary>
    public static ModelMatrix WinFraction(IReadOnlyList<Battle> battles, IReadOnlyList<string> modelOrder)
    {
        var index = Index(modelOrder);
        var n = modelOrder.Count;
        var wins = new double[n, n];
        var games = new double[n, n];
        foreach (var battle in battles)
        {
            if (battle.Winner.IsTie() || !index.TryGetValue(battle.ModelA, out var a) || !index.TryGetValue(battle.ModelB, out var b)) continue;
            games[a, b]++;
            games[b, a]++;
            if (battle.Winner == BattleWinner.ModelA) wins[a, b]++;
            else wins[b, a]++;
        }
        var values = new double[n, n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                values[i, j] = games[i, j] > 0 ? wins[i, j] / games[i, j] : double.NaN;
        return new ModelMatrix(modelOrder, values, "Fraction of model A wins (non-tied battles)");
    }

    /// <summary>Battles between each pair, both orders (ties excluded, as FastChat's battle-count heat map).</summary>
    public static ModelMatrix BattleCounts(IReadOnlyList<Battle> battles, IReadOnlyList<string> modelOrder, bool includeTies = false)
    {
        var index = Index(modelOrder);
        var n = modelOrder.Count;
        var values = new double[n, n];
        foreach (var battle in battles)
        {
            if ((!includeTies && battle.Winner.IsTie()) || !index.TryGetValue(battle.ModelA, out var a) || !index.TryGetValue(battle.ModelB, out var b)) continue;
            values[a, b]++;
            values[b, a]++;
        }
        return new ModelMatrix(modelOrder, values, "Battle count for each combination of models");
    }

    /// <summary>Win probability the ratings predict for the row model against the column model (diagonal NaN).</summary>
    public static ModelMatrix PredictedWinRate(Leaderboard leaderboard, RatingScale? scale = null)
    {
        scale ??= new RatingScale();
        var rows = leaderboard.Rows;
        var values = new double[rows.Count, rows.Count];
        for (var i = 0; i < rows.Count; i++)
            for (var j = 0; j < rows.Count; j++)
                values[i, j] = i == j ? double.NaN : scale.WinProbability(rows[i].Rating, rows[j].Rating);
        return new ModelMatrix(rows.Select(r => r.Model).ToList(), values, "Predicted win rate of model A against model B");
    }

    private static Dictionary<string, int> Index(IReadOnlyList<string> models) =>
        models.Select((m, i) => (m, i)).ToDictionary(x => x.m, x => x.i);
}
