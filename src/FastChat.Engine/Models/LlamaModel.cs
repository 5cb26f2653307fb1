using FastChat.Engine.Caching;
using FastChat.Engine.Tokenization;
using FastChat.Gguf;
using FastChat.Native;
using FastChat.Native.Kernels;

namespace FastChat.Engine.Models;

/// <summary>
/// The llama-family transformer: llama, mistral (grouped-query attention) and qwen2 (q/k/v biases, NeoX rope),
/// with a tied or separate output matrix and any mix of tensor types, read in place from a memory-mapped GGUF.
/// Pre-norm blocks: x += Wo·attn(rope(Wq·n(x)), rope(Wk·n(x)), Wv·n(x)); x += Wd·(silu(Wg·n(x)) * Wu·n(x)).
/// </summary>
public sealed class LlamaModel : IInferenceBackend
{
    private readonly GgufFile _file;
    private readonly ModelOptions _options;
    private readonly WeightMatrix _tokenEmbedding;   // [vocab][dim]
    private readonly Layer[] _layers;
    private readonly float[] _outputNorm;            // [dim]
    private readonly WeightMatrix _output;           // [vocab][dim], token_embd when tied
    private readonly AttentionShape _attention;
    private readonly List<RepackedMatrix> _repacked;  // owned copies behind some of the matrices above

    private sealed record Layer(
        float[] AttentionNorm,                       // [dim]
        WeightMatrix Wq, WeightMatrix Wk, WeightMatrix Wv, WeightMatrix Wo,
        float[]? Bq, float[]? Bk, float[]? Bv,       // qwen2 only
        float[] FeedForwardNorm,                     // [dim]
        WeightMatrix WGate, WeightMatrix WUp, WeightMatrix WDown);

    private LlamaModel(GgufFile file, ModelOptions options)
    {
        _file = file;
        _options = options;
        var config = ModelConfig.FromGguf(file);
        if (options.ContextLength is { } ctx)
            config = config with { ContextLength = Math.Clamp(ctx, 1, config.ContextLength) };
        Config = config;
        Tokenizer = TokenizerFactory.Create(file);
        if (Tokenizer.VocabularySize != config.VocabSize)
            throw new ModelException($"The tokenizer has {Tokenizer.VocabularySize} tokens but the model {config.VocabSize}.");

        int dim = config.EmbeddingLength, ffn = config.FeedForwardLength, vocab = config.VocabSize;
        int qLen = config.QueryLength, kvLen = config.KvLength;
        if (options.KvCacheType == GgmlType.Q8_0 && config.HeadDim % 32 != 0)
            throw new ModelException($"A Q8_0 KV cache needs a head size that is a multiple of 32; this model's is {config.HeadDim}.");
        _attention = new AttentionShape(options.KvCacheType, config.HeadCount, config.KvHeadCount, config.HeadDim,
                                        1f / MathF.Sqrt(config.HeadDim));

        // Repacking is one pass over the weights: run it on every core, then drop the pool (none where this CPU
        // has no repacked kernels at all).
        var repack = options.RepackWeights && (RepackedMatrix.IsSupported(GgmlType.Q4_0) || RepackedMatrix.IsSupported(GgmlType.Q8_0));
        using var repackPool = repack ? NativeThreadPool.Create(Environment.ProcessorCount) : null;
        var w = new WeightReader(file, repackPool);
        _repacked = w.Repacked;
        try
        {
            _tokenEmbedding = w.Table("token_embd.weight", dim, vocab);
            _layers = new Layer[config.BlockCount];
            for (var i = 0; i < _layers.Length; i++)
            {
                var p = $"blk.{i}.";
                _layers[i] = new Layer(
                    w.Vector(p + "attn_norm.weight", dim),
                    w.Matrix(p + "attn_q.weight", dim, qLen), w.Matrix(p + "attn_k.weight", dim, kvLen),
                    w.Matrix(p + "attn_v.weight", dim, kvLen), w.Matrix(p + "attn_output.weight", qLen, dim),
                    w.OptionalVector(p + "attn_q.bias", qLen), w.OptionalVector(p + "attn_k.bias", kvLen),
                    w.OptionalVector(p + "attn_v.bias", kvLen),
                    w.Vector(p + "ffn_norm.weight", dim),
                    w.Matrix(p + "ffn_gate.weight", dim, ffn), w.Matrix(p + "ffn_up.weight", dim, ffn),
                    w.Matrix(p + "ffn_down.weight", ffn, dim));
            }
            _outputNorm = w.Vector("output_norm.weight", dim);
            _output = w.Has("output.weight") ? w.Matrix("output.weight", dim, vocab) : w.Matrix("token_embd.weight", dim, vocab);
        }
        catch
        {
            foreach (var repacked in _repacked) repacked.Dispose();
            throw;
        }
    }

    /// <summary>Maps <paramref name="path"/> and builds the model; the file stays mapped until disposal.</summary>
    /// <exception cref="ModelException">Unsupported architecture or tensor type, missing/misshapen tensor or key.</exception>
    /// <exception cref="GgufFormatException">The file is not valid GGUF.</exception>
    public static LlamaModel Load(string path, ModelOptions? options = null)
    {
        var file = GgufFile.Open(path);
        try
        {
            return new LlamaModel(file, options ?? ModelOptions.Default);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public ModelConfig Config { get; }
    public Tokenizer Tokenizer { get; }
    public string Source => _file.Path ?? Config.Name;
    public string? ChatTemplate => _file.Metadata.GetStringOrNull("tokenizer.chat_template");

    /// <summary>
    /// Weight bytes one decode step reads: every matrix it multiplies (the embedding table is only looked up,
    /// unless it doubles as the tied output matrix), the basis of the memory-bandwidth roofline.
    /// </summary>
    public long DecodeWeightBytes =>
        _layers.Sum(l => (long)l.Wq.Data.Length + l.Wk.Data.Length + l.Wv.Data.Length + l.Wo.Data.Length +
                         l.WGate.Data.Length + l.WUp.Data.Length + l.WDown.Data.Length) + _output.Data.Length;

    /// <summary>Bytes of the mapped file (weights not repacked are read in place, not copied).</summary>
    public long MappedBytes => _file.Length;

    /// <summary>Bytes of the repacked weight copies (0 when nothing was repacked).</summary>
    public long RepackedBytes => _repacked.Sum(r => r.Bytes);

    public KvCache CreateCache() => new(Config.BlockCount, _options.KvCacheType, Config.KvLength, Config.ContextLength);

    public ForwardWorkspace CreateWorkspace(int threads) => new(Config, threads);

    public void Forward(ForwardWorkspace ws, ModelBatch batch, Span<float> logits)
    {
        var c = Config;
        if (batch.TokenCount == 0) return;
        if (logits.Length < (long)batch.LogitRowCount * c.VocabSize)
            throw new ArgumentException($"{batch.LogitRowCount} rows of logits need {batch.LogitRowCount * c.VocabSize} floats.", nameof(logits));
        RunBlocks(ws, batch);
        int dim = c.EmbeddingLength;
        Span<float> x = ws.Hidden.AsSpan(0, batch.TokenCount * dim), xb = ws.Normed.AsSpan(0, batch.TokenCount * dim);

        // Logits only for the rows asked for: gather them, final norm, output projection.
        var rows = GatherLogitRows(batch, x, xb, dim);                      // xb[rows][dim]
        if (rows > 0)
        {
            var normed = xb[..(rows * dim)];
            Ops.RmsNorm(normed, normed, dim, c.RmsNormEpsilon, _outputNorm);
            _output.Multiply(ws.Pool, normed, rows, logits[..(rows * c.VocabSize)]); // logits[rows][vocab]
        }
    }

    public void Embed(ForwardWorkspace ws, ReadOnlySpan<int> tokens, Span<float> embedding)
    {
        var c = Config;
        int dim = c.EmbeddingLength;
        if (embedding.Length != dim) throw new ArgumentException($"An embedding has {dim} floats.", nameof(embedding));
        var batch = new ModelBatch();
        batch.Add(CreateCache(), tokens, LogitsWanted.None);
        RunBlocks(ws, batch);

        // Mean of the final-normed hidden states, scaled to unit length.
        Span<float> x = ws.Hidden.AsSpan(0, tokens.Length * dim);
        Ops.RmsNorm(x, x, dim, c.RmsNormEpsilon, _outputNorm);
        embedding.Clear();
        for (var i = 0; i < tokens.Length; i++) Ops.Add(embedding, x.Slice(i * dim, dim), embedding);
        double norm = 0;
        foreach (var e in embedding) norm += (double)e * e;
        var scale = norm > 0 ? (float)(1 / Math.Sqrt(norm)) : 0f;
        for (var i = 0; i < dim; i++) embedding[i] *= scale;
    }

    /// <summary>Embeds the batch's tokens and runs every block; leaves the residual stream in ws.Hidden and advances the caches.</summary>
    private void RunBlocks(ForwardWorkspace ws, ModelBatch batch)
    {
        var c = Config;
        int t = batch.TokenCount, dim = c.EmbeddingLength, qLen = c.QueryLength, kvLen = c.KvLength, ffn = c.FeedForwardLength;
        ws.Reserve(t, batch.Entries.Length);
        PreparePositions(batch, ws.Positions);
        var pool = ws.Pool;
        var positions = ws.Positions.AsSpan(0, t);
        Span<float> x = ws.Hidden.AsSpan(0, t * dim), xb = ws.Normed.AsSpan(0, t * dim);
        Span<float> q = ws.Query.AsSpan(0, t * qLen), k = ws.Key.AsSpan(0, t * kvLen), v = ws.Value.AsSpan(0, t * kvLen);
        Span<float> att = ws.Attended.AsSpan(0, t * qLen), gate = ws.Gate.AsSpan(0, t * ffn), up = ws.Up.AsSpan(0, t * ffn);

        _tokenEmbedding.GetRows(batch.Tokens, x);                           // x[t][dim]
        for (var l = 0; l < _layers.Length; l++)
        {
            var layer = _layers[l];

            // Attention: project, rotate, append to each sequence's cache, attend over it.
            Ops.RmsNorm(x, xb, dim, c.RmsNormEpsilon, layer.AttentionNorm); // xb[t][dim]
            layer.Wq.Multiply(pool, xb, t, q);                              // q[t][heads * hd]
            layer.Wk.Multiply(pool, xb, t, k);                              // k[t][kvHeads * hd]
            layer.Wv.Multiply(pool, xb, t, v);                              // v[t][kvHeads * hd]
            AddBias(q, layer.Bq);
            AddBias(k, layer.Bk);
            AddBias(v, layer.Bv);
            Ops.Rope(q, c.HeadCount, c.HeadDim, positions, c.Rope);
            Ops.Rope(k, c.KvHeadCount, c.HeadDim, positions, c.Rope);
            StoreKeysAndValues(batch, l, k, v);                             // cache[l][pos] = k, v
            Attend(ws, batch, l);                                           // att[t][heads * hd]
            layer.Wo.Multiply(pool, att, t, xb);                            // xb[t][dim]
            Ops.Add(x, xb, x);                                              // residual

            // Feed-forward (SwiGLU).
            Ops.RmsNorm(x, xb, dim, c.RmsNormEpsilon, layer.FeedForwardNorm);
            layer.WGate.Multiply(pool, xb, t, gate);                        // gate[t][ffn]
            layer.WUp.Multiply(pool, xb, t, up);                            // up[t][ffn]
            Ops.SwiGlu(gate, up, gate);                                     // gate = silu(gate) * up
            layer.WDown.Multiply(pool, gate, t, xb);                        // xb[t][dim]
            Ops.Add(x, xb, x);                                              // residual
        }
        foreach (var entry in batch.Entries) entry.Cache.Advance(entry.StartPosition + entry.Count);
    }

    private void PreparePositions(ModelBatch batch, int[] positions)
    {
        foreach (var entry in batch.Entries)
        {
            var cache = entry.Cache;
            if (cache.Layers != _layers.Length || cache.KvLength != Config.KvLength || cache.Type != _attention.KvType)
                throw new ArgumentException("A batch entry's KV cache was not made by this model.", nameof(batch));
            if (entry.StartPosition != cache.Length)
                throw new InvalidOperationException($"The cache moved from position {entry.StartPosition} to {cache.Length} after the batch was built.");
            cache.EnsureCapacity(entry.StartPosition + entry.Count);
            for (var i = 0; i < entry.Count; i++) positions[entry.TokenOffset + i] = entry.StartPosition + i;
        }
    }

    private static void AddBias(Span<float> rows, float[]? bias)
    {
        if (bias is null) return;
        for (var offset = 0; offset < rows.Length; offset += bias.Length)
        {
            var row = rows.Slice(offset, bias.Length);
            Ops.Add(row, bias, row);
        }
    }

    private void StoreKeysAndValues(ModelBatch batch, int layer, ReadOnlySpan<float> k, ReadOnlySpan<float> v)
    {
        var kvLen = Config.KvLength;
        foreach (var e in batch.Entries)
            e.Cache.Store(layer, e.StartPosition, k.Slice(e.TokenOffset * kvLen, e.Count * kvLen), v.Slice(e.TokenOffset * kvLen, e.Count * kvLen));
    }

    private void Attend(ForwardWorkspace ws, ModelBatch batch, int layer)
    {
        var qLen = Config.QueryLength;
        var entries = batch.Entries;
        for (var s = 0; s < entries.Length; s++)
        {
            var e = entries[s];
            var cached = e.StartPosition + e.Count;
            ws.Sequences[s] = new AttentionSequence(
                ws.Query.AsMemory(e.TokenOffset * qLen, e.Count * qLen),
                e.Cache.Keys(layer, cached), e.Cache.Values(layer, cached),
                ws.Attended.AsMemory(e.TokenOffset * qLen, e.Count * qLen),
                e.StartPosition);
        }
        Attention.Compute(ws.Pool, _attention, ws.Sequences.AsSpan(0, entries.Length));
    }

    private static int GatherLogitRows(ModelBatch batch, ReadOnlySpan<float> x, Span<float> destination, int dim)
    {
        var row = 0;
        foreach (var e in batch.Entries)
        {
            var (first, count) = e.Logits switch
            {
                LogitsWanted.Last => (e.TokenOffset + e.Count - 1, 1),
                LogitsWanted.All => (e.TokenOffset, e.Count),
                _ => (0, 0),
            };
            x.Slice(first * dim, count * dim).CopyTo(destination.Slice(row * dim));
            row += count;
        }
        return row;
    }

    public void Dispose()
    {
        foreach (var repacked in _repacked) repacked.Dispose();
        _file.Dispose();
    }
}
