using System.Runtime.CompilerServices;
using System.Threading.Channels;
using FastChat.Engine.Models;

namespace FastChat.Engine.Generation;

/// <summary>
/// Generates one sequence at a time on a dedicated compute thread and streams it as an
/// <see cref="IAsyncEnumerable{T}"/>: the prompt is prefilled in chunks, then each token is sampled and
/// streamed while the next forward pass runs. Cancellation is checked before every forward pass, so it stops
/// generation within one token and ends the stream with a <see cref="FinishReason.Cancelled"/> chunk. For many concurrent sequences use the serving scheduler, which batches them.
/// </summary>
public sealed class TextGenerator : IDisposable
{
    private readonly IInferenceBackend _model;
    private readonly ForwardWorkspace _workspace;
    private readonly SemaphoreSlim _busy = new(1, 1);

    public TextGenerator(IInferenceBackend model, int threads, int prefillChunk = 512)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(prefillChunk);
        _model = model;
        _workspace = model.CreateWorkspace(threads);
        PrefillChunk = prefillChunk;
    }

    /// <summary>Prompt tokens per prefill forward pass.</summary>
    public int PrefillChunk { get; }

    /// <summary>Encodes <paramref name="prompt"/> (with BOS when the vocabulary asks for it) and generates.</summary>
    public IAsyncEnumerable<GenerationChunk> GenerateAsync(string prompt, GenerationOptions options, CancellationToken cancellationToken = default) =>
        GenerateAsync(_model.Tokenizer.Encode(prompt), options, cancellationToken);

    /// <summary>Generates after <paramref name="promptIds"/>; the last chunk carries the finish reason and usage.</summary>
    /// <exception cref="ArgumentException">An empty prompt, one that fills the context, or invalid options (before any chunk).</exception>
    public IAsyncEnumerable<GenerationChunk> GenerateAsync(IReadOnlyList<int> promptIds, GenerationOptions options,
                                                          CancellationToken cancellationToken = default)
    {
        if (promptIds.Count == 0) throw new ArgumentException("The prompt is empty.", nameof(promptIds));
        var prompt = promptIds.ToArray();
        foreach (var id in prompt)
            if ((uint)id >= (uint)_model.Config.VocabSize)
                throw new ArgumentException($"Prompt token {id} is outside the vocabulary of {_model.Config.VocabSize}.", nameof(promptIds));
        var decoder = new SequenceDecoder(_model.Tokenizer, options, prompt, _model.Config.ContextLength); // validates first
        return Stream(prompt, decoder, cancellationToken);
    }

    private async IAsyncEnumerable<GenerationChunk> Stream(int[] prompt, SequenceDecoder decoder,
                                                           [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await _busy.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var channel = Channel.CreateUnbounded<GenerationChunk>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
            // The compute thread runs at most one token ahead of the reader, so cancelling costs at most one more token.
            using var credits = new SemaphoreSlim(1);
            // Cancelled by the caller, or by us when the reader stops early (so the compute thread never waits forever).
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var compute = Task.Factory.StartNew(() => Run(prompt, decoder, channel.Writer, credits, stop.Token),
                                                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            try
            {
                await foreach (var chunk in channel.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    yield return chunk;
                    credits.Release();
                }
            }
            finally
            {
                await stop.CancelAsync().ConfigureAwait(false);
                await compute.ConfigureAwait(false); // never leave a forward pass running on the workspace
            }
        }
        finally
        {
            _busy.Release();
        }
    }

    private void Run(int[] prompt, SequenceDecoder decoder, ChannelWriter<GenerationChunk> writer, SemaphoreSlim credits,
                     CancellationToken cancellationToken)
    {
        try
        {
            var cache = _model.CreateCache();
            cache.EnsureCapacity(decoder.MaxPositions); // up front: growing mid-run copies the whole cache
            var batch = new ModelBatch();
            var logits = new float[_model.Config.VocabSize];
            for (var start = 0; start < prompt.Length; start += PrefillChunk)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var chunk = prompt.AsSpan(start, Math.Min(PrefillChunk, prompt.Length - start));
                batch.Clear();
                batch.Add(cache, chunk, start + chunk.Length == prompt.Length ? LogitsWanted.Last : LogitsWanted.None);
                _model.Forward(_workspace, batch, logits);
            }
            Span<int> next = stackalloc int[1];
            while (true)
            {
                var chunk = decoder.Accept(logits);
                writer.TryWrite(chunk);
                if (chunk.IsFinal) break;
                credits.Wait(cancellationToken);
                next[0] = chunk.TokenId;
                batch.Clear();
                batch.Add(cache, next);
                _model.Forward(_workspace, batch, logits);
            }
            writer.TryComplete();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            writer.TryWrite(decoder.Cancel());
            writer.TryComplete();
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
        }
    }

    public void Dispose()
    {
        _workspace.Dispose();
        _busy.Dispose();
    }
}
