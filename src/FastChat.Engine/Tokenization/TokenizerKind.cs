namespace FastChat.Engine.Tokenization;

/// <summary>The tokenization algorithm, from tokenizer.ggml.model.</summary>
public enum TokenizerKind
{
    /// <summary>"llama": SentencePiece BPE by piece scores, with byte fallback.</summary>
    Spm,
    /// <summary>"gpt2": byte-level BPE with ranked merges and a regex pre-tokenizer.</summary>
    Bpe,
    /// <summary>"bert": WordPiece, greedy longest match.</summary>
    Wpm,
}
