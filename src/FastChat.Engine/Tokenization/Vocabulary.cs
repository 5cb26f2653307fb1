using System.Text;

namespace FastChat.Engine.Tokenization;

/// <summary>
/// The tokens of a model with their scores, types and special roles. Token text is kept both as the file's raw
/// bytes (what decoding emits) and as strings (what encoding looks up, through a span-keyed dictionary).
/// </summary>
public sealed class Vocabulary
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly byte[] _bytes;
    private readonly int[] _offsets;
    private readonly string[] _texts;
    private readonly float[] _scores;
    private readonly TokenType[] _types;
    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _idsBySpan;

    /// <param name="tokens">Raw UTF-8 text of every token, by id (invalid UTF-8 is kept but never matched).</param>
    /// <param name="scores">One score per token, or empty for all zeros.</param>
    /// <param name="types">One type per token, or empty for all <see cref="TokenType.Normal"/>.</param>
    public Vocabulary(IReadOnlyList<byte[]> tokens, ReadOnlySpan<float> scores, ReadOnlySpan<TokenType> types, SpecialTokenIds special)
        : this(tokens.Count, i => tokens[i], scores, types, special)
    {
    }

    internal Vocabulary(int count, Func<int, ReadOnlySpan<byte>> tokenBytes, ReadOnlySpan<float> scores, ReadOnlySpan<TokenType> types, SpecialTokenIds special)
    {
        if (!scores.IsEmpty && scores.Length != count) throw new ArgumentException($"{scores.Length} scores for {count} tokens.", nameof(scores));
        if (!types.IsEmpty && types.Length != count) throw new ArgumentException($"{types.Length} token types for {count} tokens.", nameof(types));
        Count = count;
        _offsets = new int[count + 1];
        for (var i = 0; i < count; i++) _offsets[i + 1] = checked(_offsets[i] + tokenBytes(i).Length);
        _bytes = new byte[_offsets[count]];
        _texts = new string[count];
        _ids = new Dictionary<string, int>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var raw = tokenBytes(i);
            raw.CopyTo(_bytes.AsSpan(_offsets[i]));
            var valid = System.Text.Unicode.Utf8.IsValid(raw);
            _texts[i] = valid ? StrictUtf8.GetString(raw) : Encoding.UTF8.GetString(raw);
            // The last of duplicate texts wins, as in llama.cpp; empty or invalid text can never be matched.
            if (valid && raw.Length > 0) _ids[_texts[i]] = i;
            MaxTokenLength = Math.Max(MaxTokenLength, _texts[i].Length);
        }
        _idsBySpan = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
        _scores = scores.IsEmpty ? new float[count] : scores.ToArray();
        _types = types.IsEmpty ? Enumerable.Repeat(TokenType.Normal, count).ToArray() : types.ToArray();
        Special = special;
    }

    public int Count { get; }

    /// <summary>Length in UTF-16 chars of the longest token text.</summary>
    public int MaxTokenLength { get; }

    public SpecialTokenIds Special { get; }

    /// <summary>The token's text (invalid UTF-8 shows as U+FFFD).</summary>
    public string GetToken(int id) => _texts[CheckId(id)];

    /// <summary>The token's text exactly as the file stores it.</summary>
    public ReadOnlySpan<byte> GetTokenBytes(int id)
    {
        CheckId(id);
        return _bytes.AsSpan(_offsets[id], _offsets[id + 1] - _offsets[id]);
    }

    public float GetScore(int id) => _scores[CheckId(id)];

    public TokenType GetTokenType(int id) => _types[CheckId(id)];

    public bool IsValidId(int id) => (uint)id < (uint)Count;

    public bool TryGetId(ReadOnlySpan<char> text, out int id) => _idsBySpan.TryGetValue(text, out id);

    public int? GetIdOrNull(string text) => _ids.TryGetValue(text, out var id) ? id : null;

    internal ReadOnlySpan<float> Scores => _scores;

    internal ReadOnlySpan<TokenType> Types => _types;

    private int CheckId(int id)
    {
        if ((uint)id >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(id), id, $"Token id must be in [0, {Count}).");
        return id;
    }
}
