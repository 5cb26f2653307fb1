using System.Text.RegularExpressions;

namespace FastChat.Data.Steps;

/// <summary>FastChat's filter_wrong_format: drops samples whose numbered lists restart ("\n1. ... \n1. " with no "2" between).</summary>
public sealed partial class FilterWrongFormatStep : DataStep
{
    /// <inheritdoc />
    public override string Name => "filter-wrong-format";

    /// <inheritdoc />
    public override IEnumerable<ShareGptSample> Apply(IEnumerable<ShareGptSample> input, DataReport report)
    {
        foreach (var sample in input)
        {
            var bad = sample.Conversations.Select((turn, index) => (turn, index)).FirstOrDefault(t => WrongIndices().IsMatch(t.turn.Value));
            if (bad.turn is not null) report.Drop(Name, DropReasons.WrongListFormat, $"{sample.Id}: turn {bad.index} restarts a numbered list");
            else yield return sample;
        }
    }

    [GeneratedRegex(@"\n1\. [^2]*\n1\. ")] private static partial Regex WrongIndices();
}
