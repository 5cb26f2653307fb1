using System.Runtime.CompilerServices;
using FastChat.Engine.Tokenization;

namespace FastChat.Engine.Constraints;

/// <summary>
/// OpenAI's <c>response_format: {"type": "json_object"}</c>: the output must be one JSON object (RFC 8259),
/// optionally preceded by whitespace. A token is allowed when every byte of its piece keeps the text a valid
/// JSON prefix; the sequence completes when the top-level object closes.
/// </summary>
public sealed class JsonObjectConstraint : ILogitsConstraintFactory
{
    /// <summary>The shared, stateless factory.</summary>
    public static JsonObjectConstraint Instance { get; } = new();

    // Token pieces per tokenizer, computed once: masking reads every piece on every step.
    private static readonly ConditionalWeakTable<Tokenizer, byte[][]> PieceCache = new();

    private JsonObjectConstraint() { }

    /// <inheritdoc />
    public ILogitsConstraint Create(Tokenizer tokenizer) =>
        new JsonLogitsConstraint(PieceCache.GetValue(tokenizer, ReadPieces));

    private static byte[][] ReadPieces(Tokenizer tokenizer)
    {
        var pieces = new byte[tokenizer.VocabularySize][];
        for (var id = 0; id < pieces.Length; id++) pieces[id] = tokenizer.GetPiece(id).ToArray();
        return pieces;
    }
}

/// <summary>Masks tokens whose bytes would leave the JSON grammar, token by token.</summary>
internal sealed class JsonLogitsConstraint(byte[][] pieces) : ILogitsConstraint
{
    private readonly JsonByteMachine _state = new(topLevelObjectOnly: true);
    private readonly JsonByteMachine _probe = new(topLevelObjectOnly: true);

    public bool IsComplete => _state.IsComplete;

    public void Mask(Span<float> logits)
    {
        var allowed = 0;
        for (var id = 0; id < logits.Length; id++)
        {
            if (Allows(pieces[id])) allowed++;
            else logits[id] = float.NegativeInfinity;
        }
        if (allowed == 0) throw new InvalidOperationException("The JSON constraint allows no token; the vocabulary cannot continue the output.");
    }

    public void Accept(int token)
    {
        foreach (var b in pieces[token])
            if (!_state.Feed(b))
                throw new InvalidOperationException($"Token {token} is not allowed by the JSON constraint.");
    }

    // Empty pieces (control tokens) are refused: they add nothing and would let the sequence idle.
    private bool Allows(byte[] piece)
    {
        if (piece.Length == 0) return false;
        _probe.CopyFrom(_state);
        foreach (var b in piece)
            if (!_probe.Feed(b)) return false;
        return true;
    }
}
