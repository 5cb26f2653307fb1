using FastChat.Engine.Caching;

namespace FastChat.Engine.Scheduling;

/// <summary>
/// KV caches of finished sequences, keyed by the token ids they hold, so a request that starts with the same
/// tokens (a repeated system prompt, a conversation's earlier turns) copies them instead of recomputing.
/// Least recently used entries are evicted to stay within a byte bound. Used by the compute thread only;
/// <see cref="Count"/> and <see cref="Bytes"/> may be read from any thread.
/// </summary>
internal sealed class PrefixCache(long capacityBytes)
{
    private readonly LinkedList<Entry> _entries = []; // most recently used first
    private int _count;
    private long _bytes;

    private sealed record Entry(int[] Tokens, KvCache Cache);

    public int Count => Volatile.Read(ref _count);

    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>
    /// The cached sequence sharing the longest prefix with <paramref name="tokens"/>, capped at
    /// <paramref name="maxLength"/>; null when no entry shares at least <paramref name="minLength"/> tokens.
    /// </summary>
    public (KvCache Cache, int Length)? FindLongestPrefix(ReadOnlySpan<int> tokens, int maxLength, int minLength)
    {
        LinkedListNode<Entry>? best = null;
        var bestLength = 0;
        for (var node = _entries.First; node is not null; node = node.Next)
        {
            var shared = Math.Min(tokens.CommonPrefixLength(node.Value.Tokens), maxLength);
            if (shared > bestLength) (best, bestLength) = (node, shared);
        }
        if (best is null || bestLength < minLength) return null;
        _entries.Remove(best);
        _entries.AddFirst(best);
        return (best.Value.Cache, bestLength);
    }

    /// <summary>
    /// Keeps the first <paramref name="tokens"/>.Length positions of <paramref name="source"/> (copied into a
    /// cache sized to them). An entry whose tokens are a prefix of the new one is dropped as redundant.
    /// </summary>
    public void Add(ReadOnlySpan<int> tokens, KvCache source, Func<KvCache> createCache)
    {
        if (tokens.IsEmpty || capacityBytes <= 0 || tokens.Length * source.BytesPerPosition > capacityBytes) return;
        for (var node = _entries.First; node is not null; node = node.Next)
        {
            var held = node.Value.Tokens;
            if (held.Length >= tokens.Length && tokens.SequenceEqual(held.AsSpan(0, tokens.Length)))
            {
                _entries.Remove(node); // already covered: just refresh it
                _entries.AddFirst(node);
                return;
            }
        }
        for (var node = _entries.First; node is not null;)
        {
            var next = node.Next;
            if (tokens.StartsWith(node.Value.Tokens)) Remove(node);
            node = next;
        }

        var copy = createCache();
        copy.CopyPrefixFrom(source, tokens.Length);
        while (_entries.Last is { } oldest && Bytes + copy.AllocatedBytes > capacityBytes) Remove(oldest);
        if (Bytes + copy.AllocatedBytes > capacityBytes) return;
        _entries.AddFirst(new Entry(tokens.ToArray(), copy));
        Interlocked.Add(ref _bytes, copy.AllocatedBytes);
        Interlocked.Increment(ref _count);
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        _entries.Remove(node);
        Interlocked.Add(ref _bytes, -node.Value.Cache.AllocatedBytes);
        Interlocked.Decrement(ref _count);
    }
}
