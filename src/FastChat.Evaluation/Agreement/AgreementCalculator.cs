namespace FastChat.Evaluation.Agreement;

/// <summary>How often two judges agree on the same games.</summary>
public sealed record AgreementResult(int Turn, bool WithTies, int Agree, int Total)
{
    /// <summary>agree / total (NaN when no game was comparable).</summary>
    public double Ratio => Total == 0 ? double.NaN : (double)Agree / Total;
}

/// <summary>
/// compute_agreement.py: games keyed by (question, models in order) per turn; every vote of one judge is compared
/// with every vote of the other on the same game (a judge against itself: every pair of its votes, e.g. two
/// human experts). "Without ties" drops any comparison where either vote is a tie.
/// </summary>
public static class AgreementCalculator
{
    /// <summary>Agreement for turns 1 and 2, each with and without ties (turns with no shared games are left out).</summary>
    public static List<AgreementResult> Compute(IEnumerable<Vote> votes, string judge1, string judge2)
    {
        var byTurn = votes.Select(v => v.Normalized()).GroupBy(v => v.Turn).OrderBy(g => g.Key);
        var results = new List<AgreementResult>();
        foreach (var turn in byTurn)
        {
            var games = turn.GroupBy(v => (v.QuestionId, v.ModelA, v.ModelB)).Select(g => g.ToList()).ToList();
            foreach (var withTies in new[] { true, false })
            {
                var (agree, total) = Count(games, judge1, judge2, withTies);
                if (total > 0 || withTies) results.Add(new AgreementResult(turn.Key, withTies, agree, total));
            }
        }
        return results;
    }

    private static (int Agree, int Total) Count(List<List<Vote>> games, string judge1, string judge2, bool withTies)
    {
        int agree = 0, total = 0;
        foreach (var game in games)
        {
            var first = game.Where(v => v.Judge == judge1 && (withTies || !v.IsTie)).ToList();
            if (judge1 == judge2)
            {
                for (var i = 0; i < first.Count; i++)
                    for (var j = i + 1; j < first.Count; j++) { total++; if (Vote.Agree(first[i], first[j])) agree++; }
                continue;
            }
            var second = game.Where(v => v.Judge == judge2 && (withTies || !v.IsTie)).ToList();
            foreach (var x in first)
                foreach (var y in second) { total++; if (Vote.Agree(x, y)) agree++; }
        }
        return (agree, total);
    }
}
