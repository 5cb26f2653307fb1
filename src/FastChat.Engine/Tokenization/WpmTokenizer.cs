using System.Buffers;
using System.Text;
using FastChat.Engine.Tokenization.Unicode;

namespace FastChat.Engine.Tokenization;

/// <summary>
/// WordPiece ("bert" vocabularies) as llama.cpp runs it. Text is cut into words: whitespace separates, control
/// characters are dropped, each punctuation mark, ASCII symbol and CJK ideograph is a word of its own; every
/// character is lowercased and reduced to the first code point of its canonical decomposition (which strips
/// accents). Each word is then matched greedily, longest token first, as "▁word" (the GGUF form of BERT
/// vocabularies: word-initial pieces carry ▁, continuation pieces are stored without "##"). A word that
/// cannot be covered becomes the unknown token.
/// </summary>
public sealed class WpmTokenizer : Tokenizer
{
    [ThreadStatic] private static StringBuilder? t_word;

    private readonly int _unknownId;

    internal WpmTokenizer(Vocabulary vocabulary, TokenizerOptions options)
        : base(vocabulary, options, PieceTable.Build(vocabulary, WriteNormalPiece, byteTokensAreBytes: false))
    {
        _unknownId = vocabulary.Special.Unknown
            ?? throw new TokenizerException("A WordPiece vocabulary needs an unknown token (tokenizer.ggml.unknown_token_id).", "tokenizer.ggml.unknown_token_id");
    }

    public override TokenizerKind Kind => TokenizerKind.Wpm;

    private protected override bool StripsLeadingSpace => true;

    private protected override void EncodeText(ReadOnlySpan<char> text, bool afterSpecial, List<int> output)
    {
        var word = t_word ??= new StringBuilder();
        word.Clear().Append(SpmTokenizer.SpaceMarker);
        Span<char> utf16 = stackalloc char[2];
        for (var i = 0; i < text.Length;)
        {
            Rune.DecodeFromUtf16(text[i..], out var rune, out var consumed);
            i += consumed;
            var cp = NfdBaseTable.BaseOf(rune.Value);
            var kind = CodePointClasses.Of(cp);
            if (kind == CodePointClass.Whitespace)
            {
                EndWord(word, output);
                continue;
            }
            if (cp is 0 or 0xFFFD || kind == CodePointClass.Control) continue;

            var lower = Rune.ToLowerInvariant(new Rune(cp));
            var standsAlone = kind == CodePointClass.Punctuation || (cp < 0x7F && kind == CodePointClass.Symbol) || CodePointClasses.IsCjkIdeograph(cp);
            if (standsAlone) EndWord(word, output);
            word.Append(utf16[..lower.EncodeToUtf16(utf16)]);
            if (standsAlone) EndWord(word, output);
        }
        EndWord(word, output);
    }

    /// <summary>Tokenizes the word collected so far ("▁" + characters) and starts a new one.</summary>
    private void EndWord(StringBuilder word, List<int> output)
    {
        if (word.Length > 1)
        {
            Span<char> chars = word.Length <= 256 ? stackalloc char[word.Length] : new char[word.Length];
            word.CopyTo(0, chars, word.Length);
            MatchWord(chars, output);
        }
        word.Clear().Append(SpmTokenizer.SpaceMarker);
    }

    private void MatchWord(ReadOnlySpan<char> word, List<int> output)
    {
        var firstOfWord = output.Count;
        for (var start = 0; start < word.Length;)
        {
            var matched = false;
            for (var end = Math.Min(word.Length, start + Vocabulary.MaxTokenLength); end > start; end--)
            {
                if (!Vocabulary.TryGetId(word[start..end], out var id)) continue;
                output.Add(id);
                start = end;
                matched = true;
                break;
            }
            if (matched) continue;
            output.RemoveRange(firstOfWord, output.Count - firstOfWord); // part of the word has no piece: all of it is unknown
            break;
        }
        if (output.Count == firstOfWord) output.Add(_unknownId);
    }

    /// <summary>▁ (a word start) back to a space; continuation pieces as stored.</summary>
    private static void WriteNormalPiece(ReadOnlySpan<byte> text, IBufferWriter<byte> output)
    {
        ReadOnlySpan<byte> marker = [0xE2, 0x96, 0x81];
        if (text.StartsWith(marker))
        {
            output.Write([(byte)' ']);
            text = text[marker.Length..];
        }
        output.Write(text);
    }
}
