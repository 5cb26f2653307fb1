using System.Runtime.Intrinsics;

namespace FastChat.Engine.Sampling;

/// <summary>
/// Finds the most likely token ids without sorting the whole vocabulary: a bounded heap fed by a vectorised scan
/// that skips every block of logits not above the heap's weakest entry. Candidates are 64-bit keys (logit mapped to
/// an order-preserving integer, then the id), so comparisons are one integer compare, sorting is
/// <see cref="MemoryExtensions.Sort{T}(Span{T})"/> on primitives (no comparer, no allocation), and the order —
/// logit descending, ties to the lower id — never depends on the algorithm.
/// </summary>
internal static class TopCandidates
{
    /// <summary>
    /// Writes the ids of the <paramref name="count"/> largest logits into the start of <paramref name="ids"/>, most
    /// likely first; returns how many were written (at most the vocabulary size). <paramref name="keys"/> is scratch
    /// of at least <paramref name="count"/> elements.
    /// </summary>
    public static int SelectTop(ReadOnlySpan<float> logits, int count, Span<int> ids, Span<ulong> keys)
    {
        var n = logits.Length;
        count = Math.Min(count, n);
        if (count <= 0) return 0;
        var heap = keys[..count];
        for (var i = 0; i < count; i++) heap[i] = Key(logits[i], i);
        for (var i = count / 2 - 1; i >= 0; i--) SiftDown(heap, i);

        var threshold = LogitOf(heap[0]);
        var next = count;
        // A later id with a logit equal to the weakest entry loses the tie, so only strictly greater logits enter.
        for (; next <= n - Vector256<float>.Count; next += Vector256<float>.Count)
        {
            if (!Vector256.GreaterThanAny(Vector256.Create(logits.Slice(next, Vector256<float>.Count)), Vector256.Create(threshold))) continue;
            for (var j = next; j < next + Vector256<float>.Count; j++)
                if (logits[j] > threshold) threshold = Replace(heap, Key(logits[j], j));
        }
        for (; next < n; next++)
            if (logits[next] > threshold) threshold = Replace(heap, Key(logits[next], next));

        heap.Sort();
        for (var i = 0; i < count; i++) ids[i] = IdOf(heap[i]);
        return count;
    }

    /// <summary>Every id, most likely first (the fallback when a truncation needs most of the vocabulary).</summary>
    public static int SortAll(ReadOnlySpan<float> logits, Span<int> ids, Span<ulong> keys)
    {
        var all = keys[..logits.Length];
        for (var i = 0; i < all.Length; i++) all[i] = Key(logits[i], i);
        all.Sort();
        for (var i = 0; i < all.Length; i++) ids[i] = IdOf(all[i]);
        return all.Length;
    }

    /// <summary>Ids (ascending) whose logit is at least <paramref name="threshold"/>; returns how many.</summary>
    public static int SelectAtLeast(ReadOnlySpan<float> logits, float threshold, Span<int> ids)
    {
        var count = 0;
        var i = 0;
        var bound = Vector256.Create(threshold);
        for (; i <= logits.Length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            if (!Vector256.GreaterThanOrEqualAny(Vector256.Create(logits.Slice(i, Vector256<float>.Count)), bound)) continue;
            for (var j = i; j < i + Vector256<float>.Count; j++)
                if (logits[j] >= threshold) ids[count++] = j;
        }
        for (; i < logits.Length; i++)
            if (logits[i] >= threshold) ids[count++] = i;
        return count;
    }

    /// <summary>Smaller key = more likely: the logit's bits made order-preserving and inverted, then the id.</summary>
    private static ulong Key(float logit, int id)
    {
        var bits = BitConverter.SingleToUInt32Bits(logit + 0f); // + 0 turns -0 into +0, which compare equal
        var ascending = (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
        return ((ulong)~ascending << 32) | (uint)id;
    }

    private static int IdOf(ulong key) => (int)(uint)key;

    private static float LogitOf(ulong key)
    {
        var ascending = ~(uint)(key >> 32);
        var bits = (ascending & 0x8000_0000u) != 0 ? ascending & 0x7FFF_FFFFu : ~ascending;
        return BitConverter.UInt32BitsToSingle(bits);
    }

    private static float Replace(Span<ulong> heap, ulong key)
    {
        heap[0] = key;
        SiftDown(heap, 0);
        return LogitOf(heap[0]);
    }

    // Max-heap on the key: the root is the weakest kept candidate.
    private static void SiftDown(Span<ulong> heap, int index)
    {
        var item = heap[index];
        while (true)
        {
            var child = 2 * index + 1;
            if (child >= heap.Length) break;
            if (child + 1 < heap.Length && heap[child + 1] > heap[child]) child++;
            if (heap[child] <= item) break;
            heap[index] = heap[child];
            index = child;
        }
        heap[index] = item;
    }
}
