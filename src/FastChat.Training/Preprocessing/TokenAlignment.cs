using System.Text;
using FastChat.Engine.Tokenization;

namespace FastChat.Training.Preprocessing;

/// <summary>
/// Where each token of an encoded prompt lies in the prompt's UTF-8 bytes, found by matching the tokens' pieces against
/// the text. Tokens the encoder adds (BOS) cover nothing; a space the SPM encoder puts before the first word and after
/// special tokens (not in the text) is skipped. Control tokens written in the text ("&lt;/s&gt;") match their text.
/// </summary>
internal static class TokenAlignment
{
    /// <summary>The start byte of each token's text (its first byte in the prompt), or null when the pieces do not spell the prompt.</summary>
    public static int[]? Starts(Tokenizer tokenizer, ReadOnlySpan<int> ids, string prompt)
    {
        var text = Encoding.UTF8.GetBytes(prompt);
        var starts = new int[ids.Length];
        var cursor = 0;
        for (var k = 0; k < ids.Length; k++)
        {
            var id = ids[k];
            if (k == 0 && tokenizer.AddBos && id == tokenizer.SpecialTokens.Bos)
            {
                starts[k] = 0;
                continue;
            }
            var piece = tokenizer.GetPiece(id, renderSpecial: true);
            if (!text.AsSpan(cursor).StartsWith(piece))
            {
                if (piece.Length > 0 && piece[0] == (byte)' ' && text.AsSpan(cursor).StartsWith(piece[1..])) piece = piece[1..]; // encoder's prefix space
                else return null;
            }
            starts[k] = cursor;
            cursor += piece.Length;
        }
        return cursor == text.Length ? starts : null;
    }

    /// <summary>UTF-8 byte offset of character offset <paramref name="chars"/> in <paramref name="text"/>.</summary>
    public static int ByteOffset(string text, int chars) => Encoding.UTF8.GetByteCount(text.AsSpan(0, chars));
}
