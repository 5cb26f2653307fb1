namespace FastChat.Engine.Tokenization;

/// <summary>A tokenizer cannot be built from the given metadata (missing or malformed keys, unknown model).</summary>
public sealed class TokenizerException : Exception
{
    public TokenizerException(string message, string? key = null, Exception? inner = null)
        : base(message, inner)
    {
        Key = key;
    }

    /// <summary>The metadata key at fault, when there is one.</summary>
    public string? Key { get; }
}
