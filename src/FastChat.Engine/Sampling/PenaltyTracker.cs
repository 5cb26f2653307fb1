namespace FastChat.Engine.Sampling;

/// <summary>
/// The token history the penalties need, kept in fixed-size arrays so recording and applying never allocate:
/// a ring of the last <see cref="SamplingOptions.PenaltyWindow"/> tokens (or, for -1, the set of every token
/// seen) for the repetition penalty, and per-token counts of generated tokens for presence/frequency.
/// </summary>
internal sealed class PenaltyTracker
{
    private readonly float _repetition;
    private readonly float _presence;
    private readonly float _frequency;
    private readonly int _window;

    // Repetition, finite window: ring of recent tokens; _stamp dedupes so each distinct token is penalised once.
    private readonly int[] _ring = [];
    private long _ringWritten;
    private readonly int[] _stamp = [];
    private int _stampValue;

    // Repetition, unlimited window: the distinct tokens ever seen.
    private readonly bool[] _seen = [];
    private readonly int[] _seenList = [];
    private int _seenCount;

    // Presence/frequency: how often each generated token occurred, and the distinct generated tokens.
    private readonly int[] _generatedCounts = [];
    private readonly int[] _generatedList = [];
    private int _generatedDistinct;

    public PenaltyTracker(SamplingOptions options, int vocabSize)
    {
        _repetition = options.RepetitionPenalty;
        _presence = options.PresencePenalty;
        _frequency = options.FrequencyPenalty;
        _window = options.PenaltyWindow;
        if (UsesRepetition && _window > 0)
        {
            _ring = new int[_window];
            _stamp = new int[vocabSize];
        }
        else if (UsesRepetition)
        {
            _seen = new bool[vocabSize];
            _seenList = new int[vocabSize];
        }
        if (UsesPresenceOrFrequency)
        {
            _generatedCounts = new int[vocabSize];
            _generatedList = new int[vocabSize];
        }
    }

    /// <summary>Whether any penalty is on (otherwise the sampler need not keep a tracker).</summary>
    public static bool IsNeeded(SamplingOptions options) =>
        (options.RepetitionPenalty != 1f && options.PenaltyWindow != 0) || options.PresencePenalty != 0f || options.FrequencyPenalty != 0f;

    private bool UsesRepetition => _repetition != 1f && _window != 0;

    private bool UsesPresenceOrFrequency => _presence != 0f || _frequency != 0f;

    /// <summary>Adds a token to the history; <paramref name="generated"/> tokens also count for presence/frequency.</summary>
    public void Record(int token, bool generated)
    {
        if (UsesRepetition && _window > 0)
        {
            _ring[(int)(_ringWritten % _window)] = token;
            _ringWritten++;
        }
        else if (UsesRepetition && !_seen[token])
        {
            _seen[token] = true;
            _seenList[_seenCount++] = token;
        }
        if (generated && UsesPresenceOrFrequency && _generatedCounts[token]++ == 0)
            _generatedList[_generatedDistinct++] = token;
    }

    /// <summary>Applies the repetition penalty, then presence and frequency, to <paramref name="logits"/> in place.</summary>
    public void Apply(Span<float> logits)
    {
        if (UsesRepetition && _window > 0)
        {
            if (++_stampValue == int.MaxValue)
            {
                Array.Clear(_stamp);
                _stampValue = 1;
            }
            var filled = (int)Math.Min(_ringWritten, _window);
            for (var i = 0; i < filled; i++)
            {
                var token = _ring[i];
                if (_stamp[token] == _stampValue) continue;
                _stamp[token] = _stampValue;
                Penalise(ref logits[token]);
            }
        }
        else if (UsesRepetition)
        {
            for (var i = 0; i < _seenCount; i++) Penalise(ref logits[_seenList[i]]);
        }
        for (var i = 0; i < _generatedDistinct; i++)
        {
            var token = _generatedList[i];
            logits[token] -= _generatedCounts[token] * _frequency + _presence;
        }
    }

    // HF / llama.cpp: shrink positive logits, push negative ones further down, so the penalty always lowers the token.
    private void Penalise(ref float logit) => logit = logit > 0f ? logit / _repetition : logit * _repetition;
}
