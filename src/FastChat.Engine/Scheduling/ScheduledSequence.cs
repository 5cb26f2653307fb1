using System.Runtime.CompilerServices;
using System.Threading.Channels;
using FastChat.Engine.Caching;
using FastChat.Engine.Generation;

namespace FastChat.Engine.Scheduling;

/// <summary>
/// One request's life in the scheduler: its prompt, decoder and KV cache (owned by the compute thread), and the
/// channel its caller reads chunks from. The caller's side only reads the channel and raises the cancel flag.
/// </summary>
internal sealed class ScheduledSequence
{
    private readonly Channel<GenerationChunk> _output =
        Channel.CreateUnbounded<GenerationChunk>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Action _wakeScheduler;
    private readonly int[] _tokens; // prompt, then each generated token once it has been fed to the model
    private CancellationTokenRegistration _callerCancellation;
    private int _cancelRequested;

    public ScheduledSequence(int[] prompt, SequenceDecoder decoder, int reservedPositions, Action wakeScheduler)
    {
        Prompt = prompt;
        Decoder = decoder;
        ReservedPositions = reservedPositions;
        _wakeScheduler = wakeScheduler;
        _tokens = new int[reservedPositions];
        prompt.CopyTo(_tokens, 0);
    }

    public int[] Prompt { get; }

    public SequenceDecoder Decoder { get; }

    /// <summary>Prompt plus the largest completion: the positions this sequence may ever hold.</summary>
    public int ReservedPositions { get; }

    /// <summary>KV bytes reserved while admitted (0 while queued or after release).</summary>
    public long ReservedBytes { get; set; }

    /// <summary>The sequence's KV cache, from admission until it finishes.</summary>
    public KvCache? Cache { get; set; }

    /// <summary>Prompt tokens copied from the prefix cache instead of computed.</summary>
    public int ReusedPrefixTokens { get; set; }

    public bool IsPrefilling => Cache!.Length < Prompt.Length;

    public bool IsCancellationRequested => Volatile.Read(ref _cancelRequested) != 0;

    /// <summary>The token ids whose keys and values the cache holds.</summary>
    public ReadOnlySpan<int> CachedTokens => _tokens.AsSpan(0, Cache!.Length);

    /// <summary>Cancels when <paramref name="token"/> does (the request's token from GenerateAsync).</summary>
    public void CancelWith(CancellationToken token) =>
        _callerCancellation = token.Register(static s => ((ScheduledSequence)s!).RequestCancel(), this);

    /// <summary>Asks the compute thread to drop this sequence before its next step (any thread).</summary>
    public void RequestCancel()
    {
        if (Interlocked.Exchange(ref _cancelRequested, 1) == 0) _wakeScheduler();
    }

    /// <summary>Records the sampled token about to be fed to the model (compute thread).</summary>
    public void RecordFedToken(int token) => _tokens[Cache!.Length] = token;

    public void Emit(GenerationChunk chunk) => _output.Writer.TryWrite(chunk);

    /// <summary>Ends the stream (after a final chunk, or with <paramref name="error"/>).</summary>
    public void Complete(Exception? error = null)
    {
        _output.Writer.TryComplete(error);
        _callerCancellation.Dispose();
    }

    /// <summary>The caller's stream. Leaving it early (break, dispose, cancellation) cancels the sequence.</summary>
    public async IAsyncEnumerable<GenerationChunk> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var finished = false;
        using var registration = cancellationToken.Register(static s => ((ScheduledSequence)s!).RequestCancel(), this);
        try
        {
            await foreach (var chunk in _output.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                finished |= chunk.IsFinal;
                yield return chunk;
            }
            finished = true;
        }
        finally
        {
            if (!finished) RequestCancel();
        }
    }
}
