using System.Collections.Concurrent;
using FastChat.Engine.Generation;
using FastChat.Engine.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FastChat.Engine.Scheduling;

/// <summary>
/// Serves many concurrent generations on one model with continuous batching: a dedicated compute thread runs
/// one token-budget step after another, each a single forward pass holding every decoding sequence's next token
/// and chunks of admitted prompts (chunked prefill). Requests wait in a bounded FIFO queue and are admitted while
/// a KV-memory budget allows their reservation; finished sequences' caches are kept so a repeated prompt prefix
/// is copied, not recomputed. A sequence's output does not depend on what it is batched with.
/// </summary>
public sealed partial class ContinuousBatchingScheduler : IGenerationService
{
    private readonly SchedulerOptions _options;
    private readonly ILogger _logger;
    private readonly ForwardWorkspace _workspace;
    private readonly KvBudget _kv;
    private readonly PrefixCache _prefixCache;
    private readonly SchedulerCounterSet _counters = new();
    private readonly long _bytesPerPosition;
    private readonly ConcurrentQueue<ScheduledSequence> _incoming = new();
    private readonly ConcurrentQueue<EmbeddingJob> _embeddings = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Lock _intake = new(); // orders enqueueing against disposal; never held around compute
    private readonly Thread _computeThread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _queued, _running;
    private bool _disposed;
    private volatile bool _stopping;

    /// <exception cref="ArgumentOutOfRangeException">Invalid <paramref name="options"/>.</exception>
    public ContinuousBatchingScheduler(IInferenceBackend model, SchedulerOptions? options = null,
                                       ILogger<ContinuousBatchingScheduler>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _options = options ?? new SchedulerOptions();
        _options.Validate();
        Model = model;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _bytesPerPosition = model.CreateCache().BytesPerPosition; // an empty cache allocates nothing
        _kv = new KvBudget(_options.KvBudgetBytes);
        _prefixCache = new PrefixCache(_options.PrefixCacheBytes);
        _workspace = model.CreateWorkspace(_options.Threads);
        _computeThread = new Thread(RunLoop) { IsBackground = true, Name = "FastChat scheduler" };
        _computeThread.Start();
    }

    /// <inheritdoc />
    public IInferenceBackend Model { get; }

    /// <summary>The options the scheduler runs with.</summary>
    public SchedulerOptions Options => _options;

    /// <inheritdoc />
    /// <remarks>Queued counts generations and embeddings not yet taken up; KV bytes are the running sequences' reservations.</remarks>
    public SchedulerStats Stats => new(Volatile.Read(ref _queued), Volatile.Read(ref _running), _kv.UsedBytes, _kv.BudgetBytes);

    /// <summary>Cumulative counters: steps, tokens, prefix-cache hits and reused tokens, request outcomes.</summary>
    public SchedulerCounters Counters => _counters.Snapshot(_prefixCache.Count, _prefixCache.Bytes);

    /// <inheritdoc />
    /// <remarks>
    /// The request is queued when this method returns (so overload is reported before any streaming); its
    /// final chunk's usage carries <see cref="GenerationUsage.CachedPromptTokens"/>.
    /// </remarks>
    /// <exception cref="ArgumentException">
    /// An empty prompt, a token outside the vocabulary, invalid options, a prompt that fills the context, or a
    /// request whose KV reservation exceeds the whole budget (it could never run).
    /// </exception>
    /// <exception cref="ServiceOverloadedException">The queue holds <see cref="SchedulerOptions.MaxQueuedRequests"/> requests.</exception>
    /// <exception cref="ObjectDisposedException">The scheduler is disposed.</exception>
    public IAsyncEnumerable<GenerationChunk> GenerateAsync(IReadOnlyList<int> promptIds, GenerationOptions options,
                                                           CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(promptIds);
        ArgumentNullException.ThrowIfNull(options);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var prompt = ValidatedTokens(promptIds, nameof(promptIds));
        var decoder = new SequenceDecoder(Model.Tokenizer, options, prompt, Model.Config.ContextLength); // validates options
        var positions = decoder.MaxPositions;
        var bytes = positions * _bytesPerPosition;
        if (!_kv.Fits(bytes))
            throw new ArgumentException(
                $"The request needs {bytes} bytes of KV cache ({positions} positions); the scheduler's whole budget is {_kv.BudgetBytes}. " +
                "Lower max_tokens or shorten the prompt.", nameof(promptIds));

        var sequence = new ScheduledSequence(prompt, decoder, positions, Wake);
        sequence.CancelWith(cancellationToken);
        try
        {
            Enqueue(() => _incoming.Enqueue(sequence));
        }
        catch
        {
            sequence.Complete(); // drops the cancellation registration
            throw;
        }
        return sequence.ReadAllAsync();
    }

    /// <inheritdoc />
    /// <remarks>Runs on the compute thread between steps.</remarks>
    /// <exception cref="ArgumentException">Empty, out-of-vocabulary, or longer than the context.</exception>
    /// <exception cref="ServiceOverloadedException">The queue is full.</exception>
    public Task<float[]> EmbedAsync(IReadOnlyList<int> tokens, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var ids = ValidatedTokens(tokens, nameof(tokens));
        if (ids.Length > Model.Config.ContextLength)
            throw new ArgumentException($"{ids.Length} tokens exceed the context of {Model.Config.ContextLength}.", nameof(tokens));
        var job = new EmbeddingJob(ids);
        job.CancelWith(cancellationToken);
        try
        {
            Enqueue(() => _embeddings.Enqueue(job));
        }
        catch
        {
            job.DropCancellation();
            throw;
        }
        return job.Result.Task;
    }

    /// <summary>Stops the compute thread; requests still queued or running fail with <see cref="ObjectDisposedException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_intake)
        {
            if (_disposed) return;
            _disposed = true;
        }
        _stopping = true;
        Wake();
        await _stopped.Task.ConfigureAwait(false);
        _workspace.Dispose();
    }

    private int[] ValidatedTokens(IReadOnlyList<int> tokens, string parameter)
    {
        if (tokens.Count == 0) throw new ArgumentException("No tokens were given.", parameter);
        var ids = tokens.ToArray();
        foreach (var id in ids)
            if ((uint)id >= (uint)Model.Config.VocabSize)
                throw new ArgumentException($"Token {id} is outside the vocabulary of {Model.Config.VocabSize}.", parameter);
        return ids;
    }

    // Bounded intake: the count covers every request not yet admitted (generations and embeddings).
    private void Enqueue(Action enqueue)
    {
        lock (_intake)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_queued >= _options.MaxQueuedRequests)
            {
                _counters.Rejected();
                throw new ServiceOverloadedException(
                    $"The scheduler's queue is full ({_options.MaxQueuedRequests} requests waiting); retry later.");
            }
            Interlocked.Increment(ref _queued);
            enqueue();
        }
        Wake();
    }

    private void Wake() => _wake.Release();
}
