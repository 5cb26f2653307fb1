namespace FastChat.Data.Steps;

/// <summary>FastChat's extract_single_round: keeps the first human/gpt exchange of every sample.</summary>
public sealed class ExtractSingleRoundStep : DataStep
{
    /// <inheritdoc />
    public override string Name => "extract-single-round";

    /// <inheritdoc />
    public override IEnumerable<ShareGptSample> Apply(IEnumerable<ShareGptSample> input, DataReport report)
    {
        foreach (var sample in input)
        {
            if (sample.Conversations.Count < 2) report.Drop(Name, DropReasons.TooShort, $"{sample.Id}: {sample.Conversations.Count} turn(s)");
            else yield return sample.WithTurns(sample.Conversations.Take(2).ToList());
        }
    }
}
