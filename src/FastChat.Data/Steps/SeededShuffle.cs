namespace FastChat.Data.Steps;

/// <summary>A Fisher-Yates shuffle driven by a seeded <see cref="Random"/>: the same seed gives the same order on every machine.</summary>
public static class SeededShuffle
{
    /// <summary>Shuffles <paramref name="items"/> in place.</summary>
    public static void Shuffle<T>(IList<T> items, int seed)
    {
        var random = new Random(seed);
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
