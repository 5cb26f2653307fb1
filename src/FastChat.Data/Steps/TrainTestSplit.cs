namespace FastChat.Data.Steps;

/// <summary>
/// FastChat's split_train_test: a seeded permutation, the first <c>floor(ratio * n)</c> records to train and the rest
/// to test. Every record goes to exactly one side.
/// </summary>
public static class TrainTestSplit
{
    /// <summary>Splits <paramref name="samples"/> (read once, kept in memory for the permutation).</summary>
    public static (List<ShareGptSample> Train, List<ShareGptSample> Test) Split(IEnumerable<ShareGptSample> samples, double ratio, int seed = 0)
    {
        if (ratio is < 0 or > 1 || double.IsNaN(ratio)) throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "the ratio must be in [0, 1]");
        var all = samples.ToList();
        SeededShuffle.Shuffle(all, seed);
        var trainCount = (int)Math.Floor(ratio * all.Count);
        return (all[..trainCount], all[trainCount..]);
    }
}
