using System.Text;

namespace FastChat.Engine.Tokenization;

/// <summary>
/// Turns generated token ids into text as they arrive. Bytes of a character split across tokens (SPM byte
/// tokens, BPE byte pieces) are held back until the character is complete, so no call returns half a
/// character or a lone surrogate. Not thread-safe: one per generation stream.
/// </summary>
public sealed class StreamingDetokenizer
{
    private readonly Tokenizer _tokenizer;
    private readonly bool _renderSpecial;
    private readonly byte[] _pending = new byte[3]; // an incomplete UTF-8 sequence is at most 3 bytes
    private int _pendingCount;
    private bool _stripLeadingSpace;
    private byte[] _buffer = new byte[64];

    internal StreamingDetokenizer(Tokenizer tokenizer, bool renderSpecial, bool stripLeadingSpace)
    {
        _tokenizer = tokenizer;
        _renderSpecial = renderSpecial;
        _stripLeadingSpace = stripLeadingSpace;
    }

    /// <summary>True while bytes of an incomplete character are held back.</summary>
    public bool HasPendingBytes => _pendingCount > 0;

    /// <summary>Adds one token; returns the text it completes (empty while a character is incomplete).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The id is not in the vocabulary.</exception>
    public string Append(int tokenId)
    {
        var piece = _tokenizer.GetPiece(tokenId, _renderSpecial);
        if (_stripLeadingSpace && tokenId != _tokenizer.SpecialTokens.Bos)
        {
            _stripLeadingSpace = false;
            if (piece.Length > 0 && piece[0] == (byte)' ') piece = piece[1..];
        }
        if (piece.IsEmpty) return "";

        var total = _pendingCount + piece.Length;
        if (_buffer.Length < total) _buffer = new byte[Math.Max(total, _buffer.Length * 2)];
        _pending.AsSpan(0, _pendingCount).CopyTo(_buffer);
        piece.CopyTo(_buffer.AsSpan(_pendingCount));

        var complete = total - IncompleteTailLength(_buffer.AsSpan(0, total));
        _pendingCount = total - complete;
        _buffer.AsSpan(complete, _pendingCount).CopyTo(_pending);
        return complete == 0 ? "" : Encoding.UTF8.GetString(_buffer, 0, complete);
    }

    /// <summary>Ends the stream: held-back bytes come out as U+FFFD. The detokenizer can then be reused.</summary>
    public string Flush()
    {
        var text = _pendingCount == 0 ? "" : Encoding.UTF8.GetString(_pending, 0, _pendingCount);
        _pendingCount = 0;
        return text;
    }

    /// <summary>
    /// Length of a trailing UTF-8 sequence that has a lead byte and fewer continuation bytes than it announces.
    /// Anything else (complete, or invalid) is left to the decoder, which turns invalid bytes into U+FFFD.
    /// </summary>
    internal static int IncompleteTailLength(ReadOnlySpan<byte> bytes)
    {
        for (var back = 1; back <= Math.Min(3, bytes.Length); back++)
        {
            var b = bytes[^back];
            if ((b & 0xC0) == 0x80) continue; // continuation byte: keep looking for the lead
            var expected = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 && b < 0xF0 ? 3 : b >= 0xC2 && b < 0xE0 ? 2 : 0;
            return expected > back ? back : 0;
        }
        return 0;
    }
}
