namespace FastChat.Engine.Tokenization;

/// <summary>Exact shortcuts over llama.cpp's literal algorithms; switched off only by tests and benchmarks.</summary>
[Flags]
internal enum EncodingShortcuts
{
    None = 0,
    /// <summary>Remember the ids of recently seen pieces (BPE pre-tokens, SPM words).</summary>
    PieceCache = 1,
    /// <summary>SPM: merge each word alone when no token spans two words (same ids, smaller heaps).</summary>
    WordByWord = 2,
    All = PieceCache | WordByWord,
}
