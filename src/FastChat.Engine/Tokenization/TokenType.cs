namespace FastChat.Engine.Tokenization;

/// <summary>A token's type as stored in tokenizer.ggml.token_type (the values are the file's).</summary>
public enum TokenType
{
    Undefined = 0,
    Normal = 1,
    Unknown = 2,
    /// <summary>Markers such as &lt;s&gt; or &lt;|endoftext|&gt;: matched in text only when parsing special tokens.</summary>
    Control = 3,
    /// <summary>Added tokens: always matched in text as a whole (llama.cpp and Hugging Face do the same).</summary>
    UserDefined = 4,
    Unused = 5,
    /// <summary>SPM byte-fallback tokens &lt;0xNN&gt;.</summary>
    Byte = 6,
}
