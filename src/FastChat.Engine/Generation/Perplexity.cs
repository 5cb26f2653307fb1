using FastChat.Engine.Models;

namespace FastChat.Engine.Generation;

/// <summary>Result of a perplexity run: exp of the mean negative log-likelihood over the scored tokens.</summary>
public sealed record PerplexityResult(double Perplexity, double MeanNll, double StandardError, int ScoredTokens, int Chunks);

/// <summary>
/// Perplexity the way llama.cpp's perplexity tool measures it, so numbers compare: the text is cut into chunks of
/// <c>contextLength</c> tokens, each evaluated from an empty cache (first token replaced by BOS where the vocabulary
/// has one), and only the second half of each chunk is scored, so every scored token sees at least half a
/// context of history.
/// </summary>
public static class Perplexity
{
    /// <param name="onChunk">Called after each chunk with (chunks done, chunks in all, running perplexity).</param>
    /// <param name="onLogits">Optional: receives (token index in <paramref name="tokens"/>, that position's logits) for every scored position (KL divergence reports).</param>
    public static PerplexityResult Compute(IInferenceBackend model, ForwardWorkspace workspace, ReadOnlySpan<int> tokens,
                                           int contextLength, int batchSize = 512,
                                           Action<int, int, double>? onChunk = null,
                                           Action<int, ReadOnlySpan<float>>? onLogits = null,
                                           CancellationToken cancellationToken = default)
    {
        if (contextLength < 4 || contextLength > model.Config.ContextLength)
            throw new ArgumentOutOfRangeException(nameof(contextLength), contextLength,
                $"The perplexity context must be between 4 and the model's {model.Config.ContextLength}.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var chunks = tokens.Length / contextLength;
        if (chunks == 0)
            throw new ArgumentException($"The text has {tokens.Length} tokens; at least one chunk of {contextLength} is needed.", nameof(tokens));

        var vocab = model.Config.VocabSize;
        var bos = model.Tokenizer.SpecialTokens.Bos;
        var batch = new ModelBatch();
        var logits = new float[Math.Min(batchSize, contextLength) * vocab];
        var chunk = new int[contextLength];
        double sum = 0, sumSquares = 0;
        var scored = 0;
        var firstScored = contextLength / 2;
        var cache = model.CreateCache();
        cache.EnsureCapacity(contextLength); // once, for every chunk
        for (var c = 0; c < chunks; c++)
        {
            cache.Truncate(0);
            tokens.Slice(c * contextLength, contextLength).CopyTo(chunk);
            if (bos is { } b) chunk[0] = b;
            for (var start = 0; start < contextLength; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(batchSize, contextLength - start);
                batch.Clear();
                batch.Add(cache, chunk.AsSpan(start, count), LogitsWanted.All);
                model.Forward(workspace, batch, logits);
                // Row i predicts token start + i + 1.
                for (var i = 0; i < count; i++)
                {
                    var position = start + i;
                    if (position < firstScored - 1 || position + 1 >= contextLength) continue;
                    var row = logits.AsSpan(i * vocab, vocab);
                    var nll = -LogSoftmaxAt(row, chunk[position + 1]);
                    sum += nll;
                    sumSquares += nll * nll;
                    scored++;
                    onLogits?.Invoke(c * contextLength + position, row);
                }
            }
            onChunk?.Invoke(c + 1, chunks, Math.Exp(sum / scored));
        }
        var mean = sum / scored;
        var variance = Math.Max(0, sumSquares / scored - mean * mean);
        // Standard error of the perplexity by the delta method: d exp(m) = exp(m) dm.
        var standardError = Math.Exp(mean) * Math.Sqrt(variance / Math.Max(1, scored - 1));
        return new PerplexityResult(Math.Exp(mean), mean, standardError, scored, chunks);
    }

    /// <summary>log softmax(<paramref name="logits"/>)[<paramref name="token"/>] in double precision.</summary>
    public static double LogSoftmaxAt(ReadOnlySpan<float> logits, int token)
    {
        var max = float.NegativeInfinity;
        foreach (var l in logits) max = Math.Max(max, l);
        double sum = 0;
        foreach (var l in logits) sum += Math.Exp(l - max);
        return logits[token] - max - Math.Log(sum);
    }
}
