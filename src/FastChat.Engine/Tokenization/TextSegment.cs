namespace FastChat.Engine.Tokenization;

/// <summary>A piece of the input: a run of plain text, or one special token matched in the text.</summary>
internal readonly record struct TextSegment(int Start, int Length, int TokenId)
{
    public bool IsText => TokenId < 0;

    public static TextSegment Text(int start, int length) => new(start, length, -1);
}
