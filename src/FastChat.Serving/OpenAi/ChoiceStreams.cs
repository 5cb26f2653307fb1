using System.Diagnostics;
using System.Threading.Channels;
using FastChat.Serving.Backends;
using FastChat.Serving.Observability;

namespace FastChat.Serving.OpenAi;

/// <summary>
/// The n choices of one request as n concurrent generations (seeds seed, seed+1, ...), merged into one stream of
/// (choice index, delta). <see cref="StartAsync"/> waits for every choice's first delta, so request errors
/// (validation, context, overload) surface before any response byte is written; if one choice fails to start,
/// the others are cancelled.
/// </summary>
public sealed class ChoiceStreams : IAsyncDisposable
{
    private readonly IAsyncEnumerator<TextDelta>[] _streams;
    private readonly CancellationTokenSource _cancel;
    private readonly ServingMetrics _metrics;
    private readonly long _started;
    private Task _pumps = Task.CompletedTask;

    private ChoiceStreams(IAsyncEnumerator<TextDelta>[] streams, CancellationTokenSource cancel, ServingMetrics metrics, long started)
    {
        _streams = streams;
        _cancel = cancel;
        _metrics = metrics;
        _started = started;
    }

    public static async Task<ChoiceStreams> StartAsync(IModelBackend backend, TextGenerationRequest request, int n,
                                                        ServingMetrics metrics, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var streams = new IAsyncEnumerator<TextDelta>[n];
        for (var i = 0; i < n; i++)
        {
            var choice = request.Seed is { } seed ? request with { Seed = unchecked(seed + (ulong)i) } : request;
            streams[i] = backend.GenerateAsync(choice, cancel.Token).GetAsyncEnumerator(cancel.Token);
        }
        var result = new ChoiceStreams(streams, cancel, metrics, started);
        try
        {
            var first = await Task.WhenAll(streams.Select(s => PrimeAsync(s, cancel))).ConfigureAwait(false);
            if (first.Any(ok => !ok)) throw new InvalidOperationException("A generation ended without a final delta.");
            return result;
        }
        catch
        {
            await result.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<bool> PrimeAsync(IAsyncEnumerator<TextDelta> stream, CancellationTokenSource cancel)
    {
        try
        {
            return await stream.MoveNextAsync().ConfigureAwait(false);
        }
        catch
        {
            await cancel.CancelAsync().ConfigureAwait(false); // the request fails: stop its other choices
            throw;
        }
    }

    /// <summary>Every delta of every choice, in arrival order; each choice's last delta has its finish reason.</summary>
    public async IAsyncEnumerable<(int Index, TextDelta Delta)> ReadAllAsync()
    {
        var channel = Channel.CreateUnbounded<(int, TextDelta)>(new UnboundedChannelOptions { SingleReader = true });
        _pumps = Task.WhenAll(_streams.Select((stream, index) => PumpAsync(index, stream, channel.Writer)));
        _ = _pumps.ContinueWith(t => channel.Writer.TryComplete(t.Exception?.InnerException ?? (t.IsCanceled ? new OperationCanceledException() : null)),
                                TaskScheduler.Default);
        await foreach (var item in channel.Reader.ReadAllAsync().ConfigureAwait(false))
            yield return item;
    }

    /// <summary>Collects each choice whole (non-streaming responses).</summary>
    public async Task<CompletedChoice[]> CollectAsync()
    {
        var choices = Enumerable.Range(0, _streams.Length).Select(_ => new CompletedChoice()).ToArray();
        await foreach (var (index, delta) in ReadAllAsync().ConfigureAwait(false)) choices[index].Add(delta);
        return choices;
    }

    private async Task PumpAsync(int index, IAsyncEnumerator<TextDelta> stream, ChannelWriter<(int, TextDelta)> writer)
    {
        var last = _started;
        var firstToken = true;
        do
        {
            var delta = stream.Current;
            var now = Stopwatch.GetTimestamp();
            if (delta.Tokens.Count > 0 || delta.Text.Length > 0)
            {
                if (firstToken) _metrics.RecordTimeToFirstToken(Stopwatch.GetElapsedTime(_started, now));
                else _metrics.RecordInterTokenLatency(Stopwatch.GetElapsedTime(last, now));
                firstToken = false;
                last = now;
            }
            if (delta.Usage is { } usage) _metrics.RecordTokens(usage.PromptTokens, usage.CompletionTokens);
            await writer.WriteAsync((index, delta), _cancel.Token).ConfigureAwait(false);
        }
        while (await stream.MoveNextAsync().ConfigureAwait(false));
    }

    /// <summary>Cancels unfinished choices (their sequences stop and free their KV memory) and disposes them.</summary>
    public async ValueTask DisposeAsync()
    {
        await _cancel.CancelAsync().ConfigureAwait(false);
        try { await _pumps.ConfigureAwait(false); }
        catch (Exception) { } // already reported through the channel, or the client left
        foreach (var stream in _streams)
        {
            try { await stream.DisposeAsync().ConfigureAwait(false); }
            catch (Exception) { } // a cancelled generation may end with its own exception; nothing is waiting for it
        }
        _cancel.Dispose();
    }
}

/// <summary>One choice gathered whole.</summary>
public sealed class CompletedChoice
{
    private readonly System.Text.StringBuilder _text = new();

    public string Text => _text.ToString();

    public List<TokenInfo> Tokens { get; } = [];

    public string? FinishReason { get; private set; }

    public UsageInfo? Usage { get; private set; }

    public void Add(TextDelta delta)
    {
        _text.Append(delta.Text);
        Tokens.AddRange(delta.Tokens);
        FinishReason ??= delta.FinishReason;
        Usage ??= delta.Usage;
    }
}
