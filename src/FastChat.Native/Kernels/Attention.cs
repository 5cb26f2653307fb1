using System.Buffers;
using FastChat.Gguf;

namespace FastChat.Native.Kernels;

/// <summary>
/// The fixed shape of an attention call: the KV cache's element type (F32, F16 or Q8_0), query heads, KV heads
/// (fewer for grouped-query attention; <see cref="Heads"/> must be a multiple), the head size and the score scale
/// (usually 1 / sqrt(headDim)).
/// </summary>
public readonly record struct AttentionShape(GgmlType KvType, int Heads, int KvHeads, int HeadDim, float Scale)
{
    /// <summary>Bytes of one cache position: KvHeads rows of HeadDim elements.</summary>
    public long PositionBytes => Quantization.RowBytes(KvType, (long)KvHeads * HeadDim);

    /// <summary>Floats of one query (or output) position: Heads x HeadDim.</summary>
    public long QueryFloats => (long)Heads * HeadDim;

    internal void Validate()
    {
        if (KvType is not (GgmlType.F32 or GgmlType.F16 or GgmlType.Q8_0))
            throw new ArgumentException($"The KV cache type must be F32, F16 or Q8_0, not {KvType}.", nameof(KvType));
        if (Heads <= 0 || KvHeads <= 0 || Heads % KvHeads != 0)
            throw new ArgumentException($"{Heads} query heads are not a positive multiple of {KvHeads} KV heads.", nameof(Heads));
        if (HeadDim <= 0 || (KvType == GgmlType.Q8_0 && HeadDim % 32 != 0))
            throw new ArgumentException($"Head size {HeadDim} is not valid for a {KvType} cache.", nameof(HeadDim));
    }
}

/// <summary>
/// One sequence of a batched attention call. <see cref="Query"/> and <see cref="Output"/> are
/// [queries][Heads][HeadDim] floats; <see cref="Keys"/> and <see cref="Values"/> hold the cache,
/// [positions][KvHeads][HeadDim] elements of the cache type. Query i sits at position
/// <see cref="QueryPosition"/> + i and sees cache positions 0..QueryPosition + i.
/// </summary>
public readonly record struct AttentionSequence(
    ReadOnlyMemory<float> Query,
    ReadOnlyMemory<byte> Keys,
    ReadOnlyMemory<byte> Values,
    Memory<float> Output,
    int QueryPosition);

/// <summary>
/// Flash-style causal attention over a KV cache (fc_attention): online softmax over cache tiles, grouped-query
/// heads, several sequences of different lengths per call, split over a <see cref="NativeThreadPool"/> (null runs
/// on the calling thread). Every length is checked before the native call.
/// </summary>
public static unsafe class Attention
{
    /// <summary>Attention for one sequence whose queries start at cache position <paramref name="queryPosition"/>.</summary>
    public static void Compute(NativeThreadPool? pool, in AttentionShape shape, ReadOnlySpan<float> query,
                               ReadOnlySpan<byte> keys, ReadOnlySpan<byte> values, Span<float> output, int queryPosition)
    {
        shape.Validate();
        var seq = Describe(shape, query.Length, keys.Length, values.Length, output.Length, queryPosition, 0);
        fixed (float* q = query)
        fixed (byte* k = keys)
        fixed (byte* v = values)
        fixed (float* o = output)
        {
            seq.Q = q;
            seq.K = k;
            seq.V = v;
            seq.Out = o;
            Run(pool, shape, &seq, 1);
        }
    }

    /// <summary>The same for an F32 cache given as floats.</summary>
    public static void Compute(NativeThreadPool? pool, in AttentionShape shape, ReadOnlySpan<float> query,
                               ReadOnlySpan<float> keys, ReadOnlySpan<float> values, Span<float> output, int queryPosition)
    {
        if (shape.KvType != GgmlType.F32)
            throw new ArgumentException($"A float cache is F32, but the shape says {shape.KvType}.", nameof(shape));
        Compute(pool, shape, query, System.Runtime.InteropServices.MemoryMarshal.AsBytes(keys),
                System.Runtime.InteropServices.MemoryMarshal.AsBytes(values), output, queryPosition);
    }

    /// <summary>Attention for several sequences in one call (one pass over the pool). Allocation-free (pooled scratch).</summary>
    public static void Compute(NativeThreadPool? pool, in AttentionShape shape, ReadOnlySpan<AttentionSequence> sequences)
    {
        shape.Validate();
        var count = sequences.Length;
        var native = ArrayPool<NativeMethods.AttentionSeq>.Shared.Rent(count);
        var pins = ArrayPool<MemoryHandle>.Shared.Rent(count * 4);
        var pinned = 0;
        try
        {
            for (var s = 0; s < count; s++)
            {
                var seq = sequences[s];
                native[s] = Describe(shape, seq.Query.Length, seq.Keys.Length, seq.Values.Length, seq.Output.Length, seq.QueryPosition, s);
            }
            // Pin every buffer for the duration of the call.
            for (var s = 0; s < count; s++)
            {
                pins[pinned++] = sequences[s].Query.Pin();
                pins[pinned++] = sequences[s].Keys.Pin();
                pins[pinned++] = sequences[s].Values.Pin();
                pins[pinned++] = sequences[s].Output.Pin();
                native[s].Q = (float*)pins[pinned - 4].Pointer;
                native[s].K = pins[pinned - 3].Pointer;
                native[s].V = pins[pinned - 2].Pointer;
                native[s].Out = (float*)pins[pinned - 1].Pointer;
            }
            fixed (NativeMethods.AttentionSeq* seqs = native)
            {
                Run(pool, shape, seqs, count);
            }
        }
        finally
        {
            for (var i = 0; i < pinned; i++) pins[i].Dispose();
            ArrayPool<MemoryHandle>.Shared.Return(pins, clearArray: true);
            ArrayPool<NativeMethods.AttentionSeq>.Shared.Return(native);
        }
    }

    private static NativeMethods.AttentionSeq Describe(in AttentionShape shape, int queryLength, int keysLength, int valuesLength,
                                                       int outputLength, int queryPosition, int index)
    {
        var where = $"sequence {index}";
        if (queryLength % shape.QueryFloats != 0)
            throw new ArgumentException(
                $"{where}: {queryLength} query floats are not whole positions of {shape.QueryFloats}.", "query");
        if (outputLength != queryLength)
            throw new ArgumentException($"{where}: the output holds {outputLength} floats, the queries {queryLength}.", "output");
        if (keysLength % shape.PositionBytes != 0 || valuesLength != keysLength)
            throw new ArgumentException($"{where}: keys ({keysLength} bytes) and values ({valuesLength} bytes) must be the same " +
                                        $"whole number of {shape.PositionBytes}-byte cache positions.", "keys");
        long queries = queryLength / shape.QueryFloats, cached = keysLength / shape.PositionBytes;
        if (queryPosition < 0 || queryPosition + queries > cached)
            throw new ArgumentException($"{where}: queries at positions {queryPosition}..{queryPosition + queries - 1} need " +
                                        $"{queryPosition + queries} cached positions; the cache holds {cached}.", "queryPosition");
        return new NativeMethods.AttentionSeq { NQ = queries, NKv = cached, QPos = queryPosition };
    }

    /// <summary>
    /// The implementation <see cref="Compute(NativeThreadPool?, in AttentionShape, ReadOnlySpan{AttentionSequence})"/>
    /// uses over a <paramref name="kvType"/> cache at the current kernel level ("scalar", "avx2", "avx512", or
    /// "avx512_vnni": Q8_0 grouped-query decode scores in int8), or null for a type a KV cache cannot have.
    /// </summary>
    public static string? PathFor(GgmlType kvType)
    {
        NativeLibraryLoader.EnsureLoaded();
        return NativeMethods.PtrToString(NativeMethods.fc_attention_path((int)kvType));
    }

    private static void Run(NativeThreadPool? pool, in AttentionShape shape, NativeMethods.AttentionSeq* seqs, int count)
    {
        NativeLibraryLoader.EnsureLoaded();
        var added = false;
        try
        {
            pool?.DangerousAddRef(ref added); // keeps the pool alive (and refuses a disposed one) for the call
            var handle = pool is null ? 0 : pool.DangerousGetHandle();
            NativeStatus.ThrowIfFailed(
                NativeMethods.fc_attention(handle, (int)shape.KvType, shape.Heads, shape.KvHeads, shape.HeadDim, shape.Scale,
                                           seqs, count),
                "attention");
        }
        finally
        {
            if (added) pool!.DangerousRelease();
        }
    }
}
