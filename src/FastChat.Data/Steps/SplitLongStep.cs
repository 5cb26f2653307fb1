using FastChat.Engine.Tokenization;

namespace FastChat.Data.Steps;

/// <summary>
/// FastChat's split_long_conversation: cuts each conversation into pieces whose human/gpt exchanges fit a token
/// budget. A turn costs its token count (with BOS, as a Hugging Face tokenizer counts) plus 6 for the template
/// text around it. A trailing unanswered human turn is dropped; pieces get ids "{id}_{first turn index}".
/// An exchange that alone exceeds the budget is dropped and counted (FastChat silently emitted an empty piece).
/// </summary>
public sealed class SplitLongStep(Tokenizer tokenizer, int maxLength = 2048) : DataStep
{
    /// <summary>Tokens added to every turn for the role labels and separators.</summary>
    public const int TurnOverhead = 6;

    /// <inheritdoc />
    public override string Name => "split-long";

    /// <summary>The budget in tokens.</summary>
    public int MaxLength { get; } = maxLength > 0 ? maxLength : throw new ArgumentOutOfRangeException(nameof(maxLength), "the budget must be positive");

    /// <inheritdoc />
    public override IEnumerable<ShareGptSample> Apply(IEnumerable<ShareGptSample> input, DataReport report)
    {
        foreach (var sample in input)
        {
            var turns = sample.Conversations.Take(sample.Conversations.Count / 2 * 2).ToList();
            if (turns.Count < 2)
            {
                report.Drop(Name, DropReasons.TooShort, $"{sample.Id}: no complete human/gpt exchange");
                continue;
            }
            if (!ShareGptRoles.AlternateFromHuman(turns))
            {
                report.Drop(Name, DropReasons.WrongRoleOrder, $"{sample.Id}: roles {string.Join(",", turns.Select(t => t.From))}");
                continue;
            }
            foreach (var piece in Split(sample, turns, report)) yield return piece;
        }
    }

    /// <summary>The cost of one turn in the budget.</summary>
    public int Cost(string text) => tokenizer.CountTokens(text, addSpecialTokens: true) + TurnOverhead;

    private IEnumerable<ShareGptSample> Split(ShareGptSample sample, List<ShareGptTurn> turns, DataReport report)
    {
        var start = 0;
        var length = 0;
        for (var i = 0; i < turns.Count; i += 2)
        {
            var exchange = Cost(turns[i].Value) + Cost(turns[i + 1].Value);
            if (exchange > MaxLength)
            {
                // Close the piece before it, and skip this exchange: it cannot fit any piece.
                if (i > start) yield return Piece(sample, turns, start, i);
                report.Drop(Name, DropReasons.ExchangeOverBudget, $"{sample.Id}: turns {i}-{i + 1} cost {exchange} tokens > {MaxLength}");
                start = i + 2;
                length = 0;
                continue;
            }
            if (length + exchange > MaxLength)
            {
                yield return Piece(sample, turns, start, i);
                start = i;
                length = 0;
            }
            length += exchange;
        }
        if (start < turns.Count) yield return Piece(sample, turns, start, turns.Count);
    }

    private static ShareGptSample Piece(ShareGptSample sample, List<ShareGptTurn> turns, int start, int end) =>
        new($"{sample.Id}_{start}", turns[start..end], sample.Model ?? "");
}
