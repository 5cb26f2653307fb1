namespace FastChat.Engine.Tokenization;

/// <summary>Ids of the tokens with a role; null when the vocabulary has none.</summary>
public sealed record SpecialTokenIds
{
    public int? Bos { get; init; }
    public int? Eos { get; init; }
    public int? Unknown { get; init; }
    public int? Padding { get; init; }
    public int? Separator { get; init; }
    public int? EndOfTurn { get; init; }
}
