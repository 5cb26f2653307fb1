namespace FastChat.Arena.Ratings;

/// <summary>
/// The distinct (model A, model B, outcome) triples of a battle set and how often each occurs: the sufficient
/// statistic of the Bradley-Terry likelihood. A bootstrap sample only changes the counts, so resampling and refitting
/// work on these few rows instead of every battle (FastChat's preprocess_for_bt does the same).
/// </summary>
public sealed class MatchupCounts
{
    private MatchupCounts(int models, int[] a, int[] b, double[] score, double[] weight, int[] rowOfBattle)
    {
        ModelCount = models;
        ModelA = a;
        ModelB = b;
        Score = score;
        Weight = weight;
        RowOfBattle = rowOfBattle;
    }

    /// <summary>Number of models.</summary>
    public int ModelCount { get; }

    /// <summary>Model A per row.</summary>
    public int[] ModelA { get; }

    /// <summary>Model B per row.</summary>
    public int[] ModelB { get; }

    /// <summary>Model A's score per row (1, 0.5 or 0).</summary>
    public double[] Score { get; }

    /// <summary>How many battles fall on each row.</summary>
    public double[] Weight { get; }

    /// <summary>For each battle of the source set, its row.</summary>
    public int[] RowOfBattle { get; }

    /// <summary>Number of distinct rows.</summary>
    public int Rows => ModelA.Length;

    /// <summary>Aggregates the battles.</summary>
    public static MatchupCounts From(IndexedBattles battles)
    {
        var rowOf = new Dictionary<(int, int, byte), int>();
        var rowOfBattle = new int[battles.Count];
        var weights = new List<double>();
        for (var i = 0; i < battles.Count; i++)
        {
            var key = (battles.ModelA[i], battles.ModelB[i], battles.Outcome[i]);
            if (!rowOf.TryGetValue(key, out var row))
            {
                rowOf[key] = row = rowOf.Count;
                weights.Add(0);
            }
            weights[row]++;
            rowOfBattle[i] = row;
        }
        var keys = rowOf.OrderBy(kv => kv.Value).Select(kv => kv.Key).ToArray();
        return new MatchupCounts(battles.Models.Count,
            keys.Select(k => k.Item1).ToArray(), keys.Select(k => k.Item2).ToArray(),
            keys.Select(k => IndexedBattles.Score(k.Item3)).ToArray(), weights.ToArray(), rowOfBattle);
    }
}
