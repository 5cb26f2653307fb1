using FastChat.Arena.Battles;

namespace FastChat.Arena.Ratings;

/// <summary>
/// Battles as integer arrays for the rating fits: model indices (in order of first appearance, model_a column first,
/// as FastChat's pd.factorize) and model A's score (1 win, 0.5 tie, 0 loss) per battle, in the given order.
/// </summary>
public sealed class IndexedBattles
{
    private IndexedBattles(string[] models, int[] a, int[] b, byte[] outcome)
    {
        Models = models;
        ModelA = a;
        ModelB = b;
        Outcome = outcome;
    }

    /// <summary>Model names; indices below refer to this list.</summary>
    public IReadOnlyList<string> Models { get; }

    /// <summary>Model A of each battle.</summary>
    public int[] ModelA { get; }

    /// <summary>Model B of each battle.</summary>
    public int[] ModelB { get; }

    /// <summary>Outcome code per battle: 2 model A won, 1 tie, 0 model B won (FastChat's schedule coding).</summary>
    public byte[] Outcome { get; }

    /// <summary>Number of battles.</summary>
    public int Count => ModelA.Length;

    /// <summary>Model A's score for outcome code <paramref name="code"/>.</summary>
    public static double Score(byte code) => code / 2.0;

    /// <summary>Indexes battles in order.</summary>
    public static IndexedBattles From(IReadOnlyList<Battle> battles)
    {
        var index = new Dictionary<string, int>();
        foreach (var battle in battles) index.TryAdd(battle.ModelA, index.Count);
        foreach (var battle in battles) index.TryAdd(battle.ModelB, index.Count);
        var a = new int[battles.Count];
        var b = new int[battles.Count];
        var outcome = new byte[battles.Count];
        for (var i = 0; i < battles.Count; i++)
        {
            a[i] = index[battles[i].ModelA];
            b[i] = index[battles[i].ModelB];
            outcome[i] = battles[i].Winner switch { BattleWinner.ModelA => 2, BattleWinner.ModelB => 0, _ => 1 };
        }
        return new IndexedBattles(index.OrderBy(kv => kv.Value).Select(kv => kv.Key).ToArray(), a, b, outcome);
    }

    /// <summary>Battles fought by each model (as A or B).</summary>
    public int[] BattlesPerModel()
    {
        var counts = new int[Models.Count];
        for (var i = 0; i < Count; i++)
        {
            counts[ModelA[i]]++;
            counts[ModelB[i]]++;
        }
        return counts;
    }
}
