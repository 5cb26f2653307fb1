using System.Security.Cryptography;

namespace FastChat.Engine.Sampling;

/// <summary>
/// Chooses tokens from logits for one sequence, keeping the history its penalties need. One instance per
/// sequence; not thread-safe. All scratch space is allocated here, so <see cref="Sample"/> allocates nothing
/// except the <see cref="SampledToken.TopLogprobs"/> array when <see cref="SamplingOptions.TopLogprobs"/> &gt; 0.
/// </summary>
/// <remarks>
/// <para>Per call, in this order:</para>
/// <list type="number">
/// <item>logit bias is added (OpenAI semantics, -100..100);</item>
/// <item>repetition penalty over the distinct tokens among the last <see cref="SamplingOptions.PenaltyWindow"/>
/// of prompt + generated tokens (positive logits divided by the penalty, negative ones multiplied);</item>
/// <item>presence and frequency penalties over all generated tokens:
/// logit -= count × frequency_penalty + (count &gt; 0) × presence_penalty;</item>
/// <item>log-probabilities (<see cref="SampledToken.Logprob"/>, <see cref="SampledToken.TopLogprobs"/>) are the
/// log-softmax of these logits — after bias and penalties, before temperature and truncation;</item>
/// <item>temperature 0: argmax, ties to the lowest id;</item>
/// <item>otherwise llama.cpp's default order: top-k, then top-p (softmax renormalised over what top-k kept,
/// cumulative mass until ≥ top_p, the crossing token included), then min-p (keep p ≥ min_p × p_max), then
/// temperature (logits / T), then one draw from the softmax of what is left.</item>
/// </list>
/// <para>Top-k and top-p use partial selection (a bounded heap), not a sort of the vocabulary; only a top-p that
/// needs more than the 256 most likely tokens falls back to a full sort.</para>
/// <para>Randomness comes from <see cref="Xoshiro256StarStar"/> seeded with <see cref="SamplingOptions.Seed"/>, one
/// 53-bit uniform per drawn token, so a seed and the same logits give the same tokens on any machine and .NET
/// version.</para>
/// </remarks>
public sealed class Sampler
{
    /// <summary>Top-p first tries this many candidates before sorting the whole vocabulary.</summary>
    private const int TopPFirstTry = 256;

    private readonly SamplingOptions _options;
    private readonly int _vocabSize;
    private readonly PenaltyTracker? _penalties;
    private readonly (int Token, float Bias)[] _bias;
    private readonly float[] _logits;
    private readonly int[] _candidates;
    private readonly ulong[] _keys;
    private readonly float[] _candidateLogits;
    private readonly int[] _topIds;
    private readonly WeightedDraw _fullDraw;
    private readonly WeightedDraw _candidateDraw;
    private Xoshiro256StarStar _random;

    /// <exception cref="ArgumentException">an option is out of range (see <see cref="SamplingOptions.Validate"/>).</exception>
    public Sampler(SamplingOptions options, int vocabSize)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(vocabSize);
        _options = options;
        _vocabSize = vocabSize;
        _penalties = PenaltyTracker.IsNeeded(options) ? new PenaltyTracker(options, vocabSize) : null;
        _bias = options.LogitBias?.Select(kv => (kv.Key, kv.Value)).OrderBy(kv => kv.Key).ToArray() ?? [];
        _logits = new float[vocabSize];
        _topIds = new int[options.TopLogprobs];
        _fullDraw = new WeightedDraw(vocabSize);
        var truncates = !options.IsGreedy && ((options.TopK > 0 && options.TopK < vocabSize) || options.TopP < 1f || options.MinP > 0f);
        _candidates = truncates ? new int[vocabSize] : [];
        _candidateLogits = truncates ? new float[vocabSize] : [];
        _candidateDraw = new WeightedDraw(truncates ? vocabSize : 0);
        _keys = new ulong[truncates ? vocabSize : options.TopLogprobs];
        Seed = options.Seed ?? BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(sizeof(ulong)));
        _random = new Xoshiro256StarStar(Seed);
    }

    /// <summary>The seed in use: <see cref="SamplingOptions.Seed"/>, or the random one picked when it was null.</summary>
    public ulong Seed { get; }

    public SamplingOptions Options => _options;

    public int VocabSize => _vocabSize;

    /// <summary>Adds prompt tokens to the history the repetition penalty looks at (they never count for presence/frequency).</summary>
    public void AcceptPrompt(ReadOnlySpan<int> promptTokens)
    {
        foreach (var token in promptTokens)
        {
            CheckToken(token, nameof(promptTokens));
            _penalties?.Record(token, generated: false);
        }
    }

    /// <summary>Records a generated token that was not chosen by <see cref="Sample"/> (e.g. forced by the caller).</summary>
    public void Accept(int token)
    {
        CheckToken(token, nameof(token));
        _penalties?.Record(token, generated: true);
    }

    /// <summary>
    /// Applies bias and penalties, then picks a token (argmax at temperature 0, otherwise top-k → top-p → min-p →
    /// temperature → draw) and records it in the history.
    /// </summary>
    /// <param name="logits">one logit per vocabulary entry (finite or -∞); not modified.</param>
    /// <exception cref="ArgumentException">wrong length, or NaN / +∞ / all -∞ logits.</exception>
    public SampledToken Sample(ReadOnlySpan<float> logits)
    {
        if (logits.Length != _vocabSize)
            throw new ArgumentException($"Expected {_vocabSize} logits, got {logits.Length}.", nameof(logits));
        var x = _logits;
        logits.CopyTo(x);
        foreach (var (token, bias) in _bias) x[token] += bias;
        _penalties?.Apply(x);

        var max = SoftmaxMath.Max(x);
        if (!float.IsFinite(max))
            throw new ArgumentException("Logits must be finite or -infinity, with at least one finite value.", nameof(logits));
        // exp(logit - max) for the log-partition; at temperature 1 without truncation these are also the draw's weights.
        var sumExp = _fullDraw.Prepare(x, max, 1f);
        var logPartition = max + Math.Log(sumExp);

        var chosen = _options.IsGreedy ? SoftmaxMath.IndexOfFirst(x, max) : Draw(max, sumExp);
        var top = _options.TopLogprobs > 0 ? TopLogprobs(logPartition) : null;
        _penalties?.Record(chosen, generated: true);
        return new SampledToken(chosen, (float)(x[chosen] - logPartition), top);
    }

    private int Draw(float max, double sumExp)
    {
        var x = _logits;
        var count = _vocabSize;
        // Once a truncation has run, _candidates[..count] holds the surviving ids: most likely first after top-k or
        // top-p, in id order when min-p alone ran.
        var listed = false;
        if (_options.TopK > 0 && _options.TopK < _vocabSize)
        {
            count = TopCandidates.SelectTop(x, _options.TopK, _candidates, _keys);
            listed = true;
        }
        if (_options.TopP < 1f)
        {
            double normaliser;
            if (listed)
            {
                normaliser = CandidateWeights(count, max);
            }
            else
            {
                normaliser = sumExp;
                count = TopCandidates.SelectTop(x, TopPFirstTry, _candidates, _keys);
                listed = true;
                var mass = CandidateWeights(count, max);
                if (count < _vocabSize && mass / normaliser < _options.TopP)
                {
                    count = TopCandidates.SortAll(x, _candidates, _keys);
                    CandidateWeights(count, max);
                }
            }
            count = NucleusSize(count, normaliser);
        }
        if (_options.MinP > 0f)
        {
            // p_i >= min_p * p_max  <=>  logit_i >= max + ln(min_p), as llama.cpp compares.
            var threshold = max + MathF.Log(_options.MinP);
            if (listed)
            {
                var keep = 1;
                while (keep < count && x[_candidates[keep]] >= threshold) keep++;
                count = keep;
            }
            else
            {
                count = TopCandidates.SelectAtLeast(x, threshold, _candidates);
                listed = true;
            }
        }

        var inverseTemperature = 1f / _options.Temperature;
        var uniform = _random.NextDouble();
        if (!listed)
        {
            if (inverseTemperature != 1f) _fullDraw.Prepare(x, max, inverseTemperature);
            return _fullDraw.Draw(uniform);
        }
        GatherCandidates(count);
        _candidateDraw.Prepare(_candidateLogits.AsSpan(0, count), max, inverseTemperature);
        return _candidates[_candidateDraw.Draw(uniform)];
    }

    private void GatherCandidates(int count)
    {
        for (var i = 0; i < count; i++) _candidateLogits[i] = _logits[_candidates[i]];
    }

    /// <summary>exp(logit - max) of the first <paramref name="count"/> candidates (into the candidate draw's weights); returns their sum.</summary>
    private double CandidateWeights(int count, float max)
    {
        GatherCandidates(count);
        return _candidateDraw.Prepare(_candidateLogits.AsSpan(0, count), max, 1f);
    }

    /// <summary>How many of the sorted candidates it takes for their probability to reach top_p (at least one).</summary>
    private int NucleusSize(int count, double normaliser)
    {
        var weights = _candidateDraw.Weights;
        var cumulative = 0.0;
        for (var i = 0; i < count; i++)
        {
            cumulative += weights[i] / normaliser;
            if (cumulative >= _options.TopP) return i + 1;
        }
        return count;
    }

    private TokenLogprob[] TopLogprobs(double logPartition)
    {
        var count = TopCandidates.SelectTop(_logits, _options.TopLogprobs, _topIds, _keys);
        var result = new TokenLogprob[count];
        for (var i = 0; i < count; i++)
            result[i] = new TokenLogprob(_topIds[i], (float)(_logits[_topIds[i]] - logPartition));
        return result;
    }

    private void CheckToken(int token, string parameter)
    {
        if ((uint)token >= (uint)_vocabSize)
            throw new ArgumentOutOfRangeException(parameter, token, $"Token ids must be between 0 and {_vocabSize - 1}.");
    }
}
