using FastChat.Engine.Constraints;
using FastChat.Engine.Sampling;
using FastChat.Engine.Tokenization;

namespace FastChat.Engine.Generation;

/// <summary>
/// Everything a generating sequence does with its logits, the same whether it runs alone or in a batch:
/// sample, detokenize without splitting characters, hold back text that may start a stop string, and decide
/// when to finish (EOS/EOT or stop token, stop string, max tokens, full context). Not thread-safe.
/// </summary>
public sealed class SequenceDecoder
{
    private readonly Sampler _sampler;
    private readonly StreamingDetokenizer _detokenizer;
    private readonly StopSequenceMatcher? _stops;
    private readonly HashSet<int> _stopTokens;
    private readonly int _maxCompletion;
    private readonly ILogitsConstraint? _constraint;
    private readonly float[]? _maskedLogits;

    /// <param name="promptTokens">The prompt (fed to the repetition penalty, counted in usage).</param>
    /// <param name="contextLength">The sequence's context: generation ends with Length when it is full.</param>
    public SequenceDecoder(Tokenizer tokenizer, GenerationOptions options, ReadOnlySpan<int> promptTokens, int contextLength)
    {
        options.Validate(tokenizer.VocabularySize);
        if (promptTokens.Length >= contextLength)
            throw new ArgumentException(
                $"The prompt has {promptTokens.Length} tokens; the context holds {contextLength}, leaving no room to generate.", "prompt");
        _sampler = new Sampler(options.Sampling, tokenizer.VocabularySize);
        _sampler.AcceptPrompt(promptTokens);
        _detokenizer = tokenizer.CreateStreamingDetokenizer();
        _stops = options.StopSequences.Count > 0 ? new StopSequenceMatcher(options.StopSequences) : null;
        _stopTokens = [.. options.StopTokens];
        if (!options.IgnoreEos)
        {
            if (tokenizer.SpecialTokens.Eos is { } eos) _stopTokens.Add(eos);
            if (tokenizer.SpecialTokens.EndOfTurn is { } eot) _stopTokens.Add(eot);
        }
        _constraint = options.Constraint?.Create(tokenizer);
        _maskedLogits = _constraint is null ? null : new float[tokenizer.VocabularySize];
        PromptTokens = promptTokens.Length;
        var room = contextLength - promptTokens.Length;
        _maxCompletion = options.MaxTokens is { } max ? Math.Min(max, room) : room;
    }

    public int PromptTokens { get; }

    /// <summary>The most cache positions the sequence can fill: its prompt and its longest completion.</summary>
    public int MaxPositions => PromptTokens + _maxCompletion;

    public int CompletionTokens { get; private set; }

    /// <summary>The last sampled token: the next forward pass's input.</summary>
    public int LastToken { get; private set; } = -1;

    public FinishReason? FinishReason { get; private set; }

    public GenerationUsage Usage => new(PromptTokens, CompletionTokens);

    /// <summary>Samples the next token from <paramref name="logits"/> and returns what to stream.</summary>
    public GenerationChunk Accept(ReadOnlySpan<float> logits)
    {
        if (FinishReason is not null) throw new InvalidOperationException("The sequence has finished.");
        if (_constraint is not null)
        {
            logits.CopyTo(_maskedLogits);
            _constraint.Mask(_maskedLogits);
            logits = _maskedLogits;
        }
        var sampled = _sampler.Sample(logits);
        LastToken = sampled.Token;
        CompletionTokens++;
        _constraint?.Accept(sampled.Token);

        if (_stopTokens.Contains(sampled.Token))
            return Finish(sampled, Generation.FinishReason.Stop, FlushText());

        var text = _detokenizer.Append(sampled.Token);
        if (_stops is not null && text.Length > 0)
        {
            var match = _stops.Append(text);
            if (match.Stopped)
                return Finish(sampled, Generation.FinishReason.Stop, match.Text, match.StopSequence);
            text = match.Text;
        }
        if (_constraint is { IsComplete: true })
            return Finish(sampled, Generation.FinishReason.Stop, text + FlushText());
        if (CompletionTokens >= _maxCompletion)
            return Finish(sampled, Generation.FinishReason.Length, text + FlushText());
        return new GenerationChunk(sampled.Token, text, sampled.Logprob, sampled.TopLogprobs);
    }

    /// <summary>Ends the sequence early (cancellation), releasing text held back.</summary>
    public GenerationChunk Cancel()
    {
        FinishReason ??= Generation.FinishReason.Cancelled;
        return new GenerationChunk(-1, FlushText(), 0f, null, FinishReason, Usage);
    }

    private GenerationChunk Finish(SampledToken sampled, FinishReason reason, string text, string? stop = null)
    {
        FinishReason = reason;
        return new GenerationChunk(sampled.Token, text, sampled.Logprob, sampled.TopLogprobs, reason, Usage, stop);
    }

    // Held-back bytes of an unfinished character, then text the stop matcher held back.
    private string FlushText()
    {
        var tail = _detokenizer.Flush();
        if (_stops is null) return tail;
        var match = tail.Length > 0 ? _stops.Append(tail) : new StopMatch("", false, null);
        return match.Stopped ? match.Text : match.Text + _stops.Flush();
    }
}
