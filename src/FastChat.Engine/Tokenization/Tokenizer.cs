using System.Buffers;
using System.Text;

namespace FastChat.Engine.Tokenization;

/// <summary>
/// Text to token ids and back for one model's vocabulary, with llama.cpp's behaviour. Build one with
/// <see cref="TokenizerFactory"/>. Instances are immutable and safe to use from many threads.
/// </summary>
public abstract class Tokenizer
{
    [ThreadStatic] private static List<TextSegment>? t_segments;
    [ThreadStatic] private static List<int>? t_ids;

    private readonly SpecialTokenSplitter _splitter;
    private readonly PieceTable _pieces;

    private protected Tokenizer(Vocabulary vocabulary, TokenizerOptions options, PieceTable pieces)
    {
        Vocabulary = vocabulary;
        Options = options;
        _pieces = pieces;
        _splitter = new SpecialTokenSplitter(vocabulary, options.LeftStripTokens, options.RightStripTokens);
    }

    public Vocabulary Vocabulary { get; }

    public abstract TokenizerKind Kind { get; }

    public int VocabularySize => Vocabulary.Count;

    public SpecialTokenIds SpecialTokens => Vocabulary.Special;

    /// <summary>Whether adding special tokens puts BOS first (tokenizer.ggml.add_bos_token, else the model type's default).</summary>
    public bool AddBos => Options.AddBos;

    /// <summary>Whether adding special tokens puts EOS last (tokenizer.ggml.add_eos_token, default false).</summary>
    public bool AddEos => Options.AddEos;

    /// <summary>What llama.cpp's detokenizer does by default with spaces before punctuation (see <see cref="Decode"/>).</summary>
    public bool CleanUpSpacesByDefault => Options.CleanUpSpaces;

    private protected TokenizerOptions Options { get; }

    /// <summary>Whether decoding drops the space that encoding put before the first word (SPM's ▁ prefix, WordPiece's word marker).</summary>
    private protected abstract bool StripsLeadingSpace { get; }

    // ---- encoding ----------------------------------------------------------------------------------

    /// <summary>Encodes with the model's special tokens (BOS etc. as configured), not parsing special tokens in the text.</summary>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Encode(text, addSpecialTokens: true);
    }

    /// <summary>
    /// Encodes a prompt rendered by a chat template, as llama.cpp's server does: special-token texts the template
    /// wrote (&lt;|im_start|&gt;, [INST], ...) become their tokens, and the model's framing tokens are added unless
    /// the prompt already starts with the BOS text (so BOS is never doubled).
    /// </summary>
    public int[] EncodeTemplatedPrompt(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var bos = SpecialTokens.Bos is { } id ? Vocabulary.GetToken(id) : null;
        var startsWithBos = bos is { Length: > 0 } && prompt.StartsWith(bos, StringComparison.Ordinal);
        return Encode(prompt, addSpecialTokens: !startsWithBos, parseSpecial: true);
    }

    /// <param name="addSpecialTokens">Add the model's framing tokens: BOS when <see cref="AddBos"/>, EOS when <see cref="AddEos"/>
    /// (WordPiece: [CLS] … [SEP]). False gives the ids of the text alone.</param>
    /// <param name="parseSpecial">Match control tokens such as &lt;s&gt; or &lt;|endoftext|&gt; written in the text. User-defined
    /// (added) tokens are always matched.</param>
    public int[] Encode(ReadOnlySpan<char> text, bool addSpecialTokens, bool parseSpecial = false)
    {
        var ids = RentIds();
        Encode(text, ids, addSpecialTokens, parseSpecial);
        return [.. ids];
    }

    /// <summary>Appends the ids of <paramref name="text"/> to <paramref name="output"/>.</summary>
    public void Encode(ReadOnlySpan<char> text, List<int> output, bool addSpecialTokens, bool parseSpecial = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (addSpecialTokens && AddBos && SpecialTokens.Bos is { } bos) output.Add(bos);
        if (!text.IsEmpty)
        {
            var segments = t_segments ??= [];
            segments.Clear();
            _splitter.Split(text, parseSpecial, segments);
            var afterSpecial = true; // the start of the text counts as following a special token
            foreach (var segment in segments)
            {
                if (segment.IsText)
                {
                    EncodeText(text.Slice(segment.Start, segment.Length), afterSpecial, output);
                    afterSpecial = false;
                }
                else
                {
                    output.Add(segment.TokenId);
                    afterSpecial = true;
                }
            }
        }
        if (addSpecialTokens && Options.AddSeparator && SpecialTokens.Separator is { } sep) output.Add(sep);
        if (addSpecialTokens && AddEos && SpecialTokens.Eos is { } eos) output.Add(eos);
    }

    /// <summary>
    /// Encodes into <paramref name="destination"/>. Returns false when it is too small; <paramref name="written"/>
    /// is then the length needed.
    /// </summary>
    public bool TryEncode(ReadOnlySpan<char> text, Span<int> destination, out int written, bool addSpecialTokens, bool parseSpecial = false)
    {
        var ids = RentIds();
        Encode(text, ids, addSpecialTokens, parseSpecial);
        written = ids.Count;
        if (ids.Count > destination.Length) return false;
        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ids).CopyTo(destination);
        return true;
    }

    public int CountTokens(ReadOnlySpan<char> text, bool addSpecialTokens = true, bool parseSpecial = false)
    {
        var ids = RentIds();
        Encode(text, ids, addSpecialTokens, parseSpecial);
        return ids.Count;
    }

    /// <summary>Encodes one run of text that holds no special token.</summary>
    /// <param name="afterSpecial">The run starts the text or follows a special token (SPM adds its space prefix there).</param>
    private protected abstract void EncodeText(ReadOnlySpan<char> text, bool afterSpecial, List<int> output);

    private static List<int> RentIds()
    {
        var ids = t_ids ??= [];
        ids.Clear();
        return ids;
    }

    // ---- decoding ----------------------------------------------------------------------------------

    /// <summary>The UTF-8 bytes a token stands for (may be part of a character: SPM byte tokens, BPE byte pieces).</summary>
    /// <param name="renderSpecial">Control and unknown tokens render as their text (e.g. "&lt;s&gt;") instead of nothing.</param>
    /// <exception cref="ArgumentOutOfRangeException">The id is not in the vocabulary.</exception>
    public ReadOnlySpan<byte> GetPiece(int id, bool renderSpecial = false)
    {
        var type = Vocabulary.GetTokenType(id); // validates the id
        return renderSpecial && type is TokenType.Control or TokenType.Unknown ? Vocabulary.GetTokenBytes(id) : _pieces[id];
    }

    /// <summary>
    /// Ids to text. Pieces are joined as bytes, so byte tokens reassemble into characters (invalid UTF-8 becomes
    /// U+FFFD). The space that encoding put before the first word (SPM's prefix, after an optional leading BOS)
    /// is removed, so <c>Decode(Encode(text))</c> gives the text back.
    /// </summary>
    /// <param name="renderSpecial">Render control and unknown tokens as their text.</param>
    /// <param name="cleanUpSpaces">Also remove spaces before punctuation and contractions (" ," " 's" ...) as llama.cpp
    /// does for vocabularies with <see cref="CleanUpSpacesByDefault"/>; lossy, so off by default.</param>
    /// <exception cref="ArgumentOutOfRangeException">An id is not in the vocabulary.</exception>
    public string Decode(ReadOnlySpan<int> ids, bool renderSpecial = false, bool cleanUpSpaces = false)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(DecodedLength(ids, renderSpecial));
        try
        {
            var text = Encoding.UTF8.GetString(buffer, 0, WritePieces(ids, renderSpecial, buffer));
            return cleanUpSpaces ? SpaceCleanup.Apply(text) : text;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Like <see cref="Decode"/> without the space clean-up, as raw UTF-8 (possibly ending mid-character).</summary>
    public byte[] DecodeToUtf8(ReadOnlySpan<int> ids, bool renderSpecial = false)
    {
        var bytes = new byte[DecodedLength(ids, renderSpecial)];
        var written = WritePieces(ids, renderSpecial, bytes);
        return written == bytes.Length ? bytes : bytes[..written];
    }

    private int DecodedLength(ReadOnlySpan<int> ids, bool renderSpecial)
    {
        var length = 0;
        foreach (var id in ids) length += GetPiece(id, renderSpecial).Length;
        return length;
    }

    /// <summary>Joins the pieces into <paramref name="destination"/> (large enough), dropping the encoder's leading space.</summary>
    private int WritePieces(ReadOnlySpan<int> ids, bool renderSpecial, Span<byte> destination)
    {
        var written = 0;
        var stripAt = StripsLeadingSpace ? (ids.Length > 0 && ids[0] == SpecialTokens.Bos ? 1 : 0) : -1;
        for (var i = 0; i < ids.Length; i++)
        {
            var piece = GetPiece(ids[i], renderSpecial);
            if (i == stripAt && piece.Length > 0 && piece[0] == (byte)' ') piece = piece[1..];
            piece.CopyTo(destination[written..]);
            written += piece.Length;
        }
        return written;
    }

    /// <summary>A decoder for generated tokens, one id at a time, that never splits a character.</summary>
    /// <param name="atStartOfText">The first token begins the text (its SPM space prefix is dropped); false for
    /// tokens that continue a prompt.</param>
    public StreamingDetokenizer CreateStreamingDetokenizer(bool renderSpecial = false, bool atStartOfText = false) =>
        new(this, renderSpecial, atStartOfText && StripsLeadingSpace);
}
