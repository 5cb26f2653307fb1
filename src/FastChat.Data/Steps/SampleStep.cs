namespace FastChat.Data.Steps;

/// <summary>
/// FastChat's sample: shuffles (seeded) unless <paramref name="keepOrder"/>, takes records [begin, end), and drops those
/// whose concatenated text exceeds <paramref name="maxLength"/> characters. Records outside the range are counted as
/// "not-sampled" so the report still accounts for every input record.
/// </summary>
public sealed class SampleStep(int begin = 0, int end = 100, int maxLength = 1024, bool keepOrder = false, int seed = 42) : DataStep
{
    /// <summary>Counted for records outside [begin, end).</summary>
    public const string NotSampled = "not-sampled";

    /// <inheritdoc />
    public override string Name => "sample";

    /// <inheritdoc />
    public override IEnumerable<ShareGptSample> Apply(IEnumerable<ShareGptSample> input, DataReport report)
    {
        var all = input.ToList();
        if (!keepOrder) SeededShuffle.Shuffle(all, seed);
        for (var i = 0; i < all.Count; i++)
        {
            var sample = all[i];
            if (i < begin || i >= end) { report.Drop(Name, NotSampled, $"{sample.Id}: position {i} outside [{begin}, {end})"); continue; }
            var length = sample.Conversations.Sum(t => t.Value.Length);
            if (length > maxLength) { report.Drop(Name, DropReasons.TooLong, $"{sample.Id}: {length} characters > {maxLength}"); continue; }
            yield return sample;
        }
    }
}
