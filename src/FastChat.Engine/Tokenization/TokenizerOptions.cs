namespace FastChat.Engine.Tokenization;

/// <summary>How a tokenizer frames and post-processes text; resolved from metadata and per-model defaults by the factory.</summary>
internal sealed record TokenizerOptions
{
    public bool AddBos { get; init; }
    public bool AddEos { get; init; }
    /// <summary>WordPiece: append the separator ([SEP]) when adding special tokens.</summary>
    public bool AddSeparator { get; init; }
    /// <summary>SPM: prefix text (at the start and after each special token) with a space.</summary>
    public bool AddSpacePrefix { get; init; }
    /// <summary>llama.cpp's clean_spaces default for this vocabulary (used when a caller asks for it).</summary>
    public bool CleanUpSpaces { get; init; }
    /// <summary>BPE (llama3-style): a pre-token that is itself a token is emitted without merging.</summary>
    public bool IgnoreMerges { get; init; }
    public EncodingShortcuts Shortcuts { get; init; } = EncodingShortcuts.All;
    public IReadOnlySet<int> LeftStripTokens { get; init; } = new HashSet<int>();
    public IReadOnlySet<int> RightStripTokens { get; init; } = new HashSet<int>();
}
