using FastChat.Engine.Caching;

namespace FastChat.Engine.Models;

/// <summary>Which positions of a batch entry need logits.</summary>
public enum LogitsWanted
{
    /// <summary>None: a prefill chunk that is not the last one.</summary>
    None,

    /// <summary>The last position only: the next token of a generating sequence.</summary>
    Last,

    /// <summary>Every position: perplexity and quality reports.</summary>
    All,
}

/// <summary>
/// Tokens of one or more sequences to run through the model in one forward pass (continuous batching):
/// every matmul sees all tokens at once, attention runs per sequence over that sequence's own cache. An entry
/// continues its sequence at the cache's current length. Reusable: <see cref="Clear"/> keeps the buffers.
/// </summary>
public sealed class ModelBatch
{
    private int[] _tokens = new int[64];
    private readonly List<Entry> _entries = [];

    /// <summary>One sequence's slice of the batch.</summary>
    public readonly record struct Entry(KvCache Cache, int TokenOffset, int Count, int StartPosition, LogitsWanted Logits, int LogitRow)
    {
        public int LogitRows => Logits switch { LogitsWanted.None => 0, LogitsWanted.Last => 1, _ => Count };
    }

    public int TokenCount { get; private set; }

    /// <summary>Rows of logits the forward pass writes, in entry order.</summary>
    public int LogitRowCount { get; private set; }

    /// <summary>The entries in order (a span, so the forward pass walks them without allocating).</summary>
    public ReadOnlySpan<Entry> Entries => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_entries);

    public ReadOnlySpan<int> Tokens => _tokens.AsSpan(0, TokenCount);

    /// <summary>
    /// Appends <paramref name="tokens"/> of the sequence held by <paramref name="cache"/>, at positions from the
    /// cache's length on; returns the index of the entry's first logit row (meaningless for <see cref="LogitsWanted.None"/>).
    /// </summary>
    /// <exception cref="ModelException">The sequence would outgrow its context.</exception>
    public int Add(KvCache cache, ReadOnlySpan<int> tokens, LogitsWanted logits = LogitsWanted.Last)
    {
        ArgumentNullException.ThrowIfNull(cache);
        if (tokens.IsEmpty) throw new ArgumentException("A batch entry needs at least one token.", nameof(tokens));
        foreach (var entry in _entries)
            if (ReferenceEquals(entry.Cache, cache))
                throw new ArgumentException("A sequence may appear once per batch.", nameof(cache));
        var start = cache.Length;
        if ((long)start + tokens.Length > cache.MaxLength)
            throw new ModelException(
                $"The sequence would reach {start + tokens.Length} tokens; the context holds {cache.MaxLength}.");

        if (_tokens.Length < TokenCount + tokens.Length)
            Array.Resize(ref _tokens, Math.Max(TokenCount + tokens.Length, _tokens.Length * 2));
        tokens.CopyTo(_tokens.AsSpan(TokenCount));
        var added = new Entry(cache, TokenCount, tokens.Length, start, logits, LogitRowCount);
        _entries.Add(added);
        TokenCount += tokens.Length;
        LogitRowCount += added.LogitRows;
        return added.LogitRow;
    }

    public void Clear()
    {
        _entries.Clear();
        TokenCount = 0;
        LogitRowCount = 0;
    }
}
