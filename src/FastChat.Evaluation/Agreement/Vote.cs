using FastChat.Evaluation.Data;

namespace FastChat.Evaluation.Agreement;

/// <summary>
/// One pairwise verdict in compute_agreement's form: the winner is "model_a", "model_b", or a tie ("tie",
/// "tie (bothbad)", "tie (inconsistent)": anything containing "tie" counts as one).
/// </summary>
public sealed record Vote(QuestionId QuestionId, string ModelA, string ModelB, string Winner, string Judge, int Turn)
{
    /// <summary>True for every kind of tie.</summary>
    public bool IsTie => Winner.Contains("tie", StringComparison.Ordinal);

    /// <summary>The same verdict with the models in ordinal order (winner swapped along), as compute_agreement keys games.</summary>
    public Vote Normalized() => string.CompareOrdinal(ModelA, ModelB) < 0
        ? this
        : this with { ModelA = ModelB, ModelB = ModelA, Winner = Winner switch { "model_a" => "model_b", "model_b" => "model_a", var w => w } };

    /// <summary>compute_agreement's equalvote: two ties agree whatever their kind; otherwise the winners must match.</summary>
    public static bool Agree(Vote x, Vote y) => (x.IsTie && y.IsTie) || x.Winner == y.Winner;
}
