using System.Text;
using FastChat.Engine.Tokenization;

namespace FastChat.Serving.LoadTesting;

/// <summary>
/// Counts tokens and makes random prompts client-side. With a GGUF vocabulary the counts are the model's own;
/// without one they are an estimate (4 UTF-8 bytes a token, about right for English with 32k-token vocabularies),
/// and the server's usage report replaces the prompt count wherever it is given.
/// </summary>
public sealed class PromptTokenizer
{
    private const int BytesPerEstimatedToken = 4;
    private readonly Tokenizer? _tokenizer;
    private readonly int[] _plainTokens;

    private PromptTokenizer(Tokenizer? tokenizer)
    {
        _tokenizer = tokenizer;
        _plainTokens = tokenizer is null ? [] : [.. Enumerable.Range(0, tokenizer.VocabularySize).Where(id => IsPlainText(tokenizer, id))];
    }

    /// <summary>Exact counts with the vocabulary of a GGUF file (a model or a vocabulary-only file).</summary>
    public static PromptTokenizer FromGguf(string path) => new(TokenizerFactory.Create(path));

    /// <summary>Estimated counts (no vocabulary at hand).</summary>
    public static PromptTokenizer Estimate { get; } = new(null);

    /// <summary>True when counts are the model's own rather than estimates.</summary>
    public bool IsExact => _tokenizer is not null;

    /// <summary>Tokens of <paramref name="text"/> as a prompt (BOS included when the vocabulary adds one, as vLLM counts with Hugging Face tokenizers).</summary>
    public int Count(string text) =>
        _tokenizer?.CountTokens(text) ?? Math.Max(1, (Encoding.UTF8.GetByteCount(text) + BytesPerEstimatedToken - 1) / BytesPerEstimatedToken);

    /// <summary>
    /// A prompt of about <paramref name="tokens"/> tokens of random text: random vocabulary pieces, re-encoded and
    /// trimmed until the count matches (vLLM's random dataset), or random 3-letter words without a vocabulary.
    /// </summary>
    public string RandomText(Random random, int tokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tokens, 1);
        if (_tokenizer is null)
        {
            var words = new StringBuilder(tokens * BytesPerEstimatedToken);
            for (var i = 0; i < tokens; i++)
                words.Append((char)('a' + random.Next(26))).Append((char)('a' + random.Next(26))).Append((char)('a' + random.Next(26))).Append(' ');
            return words.ToString();
        }
        var ids = Enumerable.Range(0, tokens).Select(_ => _plainTokens[random.Next(_plainTokens.Length)]).ToArray();
        var text = _tokenizer.Decode(ids);
        // Pieces can merge or split when re-encoded: trim or pad a few times towards the exact count.
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var encoded = _tokenizer.Encode(text, addSpecialTokens: false);
            if (encoded.Length == tokens) break;
            ids = encoded.Length > tokens
                ? encoded[..tokens]
                : [.. encoded, .. Enumerable.Range(0, tokens - encoded.Length).Select(_ => _plainTokens[random.Next(_plainTokens.Length)])];
            text = _tokenizer.Decode(ids);
        }
        return text;
    }

    private static bool IsPlainText(Tokenizer tokenizer, int id) =>
        tokenizer.Vocabulary.GetTokenType(id) == TokenType.Normal && tokenizer.GetPiece(id).Length > 0;
}
