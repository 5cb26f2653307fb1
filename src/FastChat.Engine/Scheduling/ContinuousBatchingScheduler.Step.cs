using FastChat.Engine.Generation;
using FastChat.Engine.Models;
using Microsoft.Extensions.Logging;

namespace FastChat.Engine.Scheduling;

// One step of the compute thread: plan a single batch under the token budget, run one forward pass, hand each
// sequence its logits.
public sealed partial class ContinuousBatchingScheduler
{
    private readonly ModelBatch _batch = new();
    private readonly ModelBatch _single = new(); // for ForwardOneByOne
    private readonly List<(ScheduledSequence Sequence, int LogitRow)> _stepEntries = []; // LogitRow -1: no logits
    private float[] _logits = [];

    /// <summary>One forward pass: every decoding sequence's next token, then prompt chunks up to the token budget.</summary>
    private void Step()
    {
        var promptTokens = PlanStep();
        var vocab = Model.Config.VocabSize;
        if (_logits.Length < _batch.LogitRowCount * vocab) _logits = new float[Math.Max(_options.MaxRunningSequences, _batch.LogitRowCount) * vocab];
        try
        {
            Model.Forward(_workspace, _batch, _logits);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "A forward pass over {Sequences} sequences failed; retrying them one by one.", _stepEntries.Count);
            ForwardOneByOne();
        }
        _counters.StepRan(_batch.TokenCount);
        _counters.PromptComputed(promptTokens);

        foreach (var (sequence, row) in _stepEntries)
        {
            if (row < 0 || sequence.Cache is null) continue; // no logits wanted, or failed in ForwardOneByOne
            GenerationChunk chunk;
            try
            {
                chunk = sequence.Decoder.Accept(_logits.AsSpan(row * vocab, vocab));
            }
            catch (Exception e)
            {
                Fail(sequence, e);
                continue;
            }
            _counters.TokenGenerated();
            if (chunk.IsFinal) Finish(sequence, chunk);
            else sequence.Emit(chunk);
        }
    }

    /// <summary>
    /// Fills the batch: each decoding sequence's last sampled token first (decoding is never starved), then prompt
    /// chunks of prefilling sequences in admission order with what is left of the token budget. Returns the prompt
    /// tokens planned.
    /// </summary>
    private int PlanStep()
    {
        _batch.Clear();
        _stepEntries.Clear();
        var budget = _options.TokenBudget;
        foreach (var sequence in _active)
        {
            if (sequence.IsPrefilling) continue;
            var token = sequence.Decoder.LastToken;
            sequence.RecordFedToken(token);
            var row = _batch.Add(sequence.Cache!, new ReadOnlySpan<int>(in token), LogitsWanted.Last);
            _stepEntries.Add((sequence, row));
            budget--;
        }
        var promptTokens = 0;
        foreach (var sequence in _active)
        {
            if (budget <= 0) break;
            if (!sequence.IsPrefilling) continue;
            var start = sequence.Cache!.Length;
            var count = Math.Min(budget, sequence.Prompt.Length - start);
            var last = start + count == sequence.Prompt.Length;
            var row = _batch.Add(sequence.Cache, sequence.Prompt.AsSpan(start, count), last ? LogitsWanted.Last : LogitsWanted.None);
            _stepEntries.Add((sequence, last ? row : -1));
            budget -= count;
            promptTokens += count;
        }
        return promptTokens;
    }

    /// <summary>
    /// After a failed batched forward pass: rolls every sequence back to where the step started and runs each
    /// alone, so only the sequences that fail by themselves are failed (their error goes to their callers).
    /// </summary>
    private void ForwardOneByOne()
    {
        var vocab = Model.Config.VocabSize;
        var entries = _batch.Entries;
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            entry.Cache.Truncate(Math.Min(entry.StartPosition, entry.Cache.Length)); // positions past Length are overwritten later
            _single.Clear();
            _single.Add(entry.Cache, _batch.Tokens.Slice(entry.TokenOffset, entry.Count), entry.Logits);
            try
            {
                Model.Forward(_workspace, _single, _logits.AsSpan(entry.LogitRow * vocab, entry.LogitRows * vocab));
            }
            catch (Exception e)
            {
                Fail(_stepEntries[i].Sequence, e);
            }
        }
    }
}
