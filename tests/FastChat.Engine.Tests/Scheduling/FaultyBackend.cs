using FastChat.Engine.Caching;
using FastChat.Engine.Models;
using FastChat.Engine.Tokenization;

namespace FastChat.Engine.Tests.Scheduling;

/// <summary>
/// The real model, except that a forward pass or embedding containing <see cref="PoisonToken"/> throws (as a
/// backend error would), so tests can check that a failure reaches only the requests it belongs to.
/// </summary>
internal sealed class FaultyBackend(IInferenceBackend inner, int poisonToken) : IInferenceBackend
{
    public int PoisonToken => poisonToken;

    public ModelConfig Config => inner.Config;
    public Tokenizer Tokenizer => inner.Tokenizer;
    public string Source => inner.Source;
    public string? ChatTemplate => inner.ChatTemplate;
    public KvCache CreateCache() => inner.CreateCache();
    public ForwardWorkspace CreateWorkspace(int threads) => inner.CreateWorkspace(threads);

    public void Forward(ForwardWorkspace workspace, ModelBatch batch, Span<float> logits)
    {
        if (batch.Tokens.Contains(poisonToken)) throw new ModelException($"Injected failure: token {poisonToken} in the batch.");
        inner.Forward(workspace, batch, logits);
    }

    public void Embed(ForwardWorkspace workspace, ReadOnlySpan<int> tokens, Span<float> embedding)
    {
        if (tokens.Contains(poisonToken)) throw new ModelException($"Injected failure: token {poisonToken} to embed.");
        inner.Embed(workspace, tokens, embedding);
    }

    public void Dispose() { } // the inner model belongs to the test
}
