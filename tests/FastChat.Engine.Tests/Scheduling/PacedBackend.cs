using FastChat.Engine.Caching;
using FastChat.Engine.Models;
using FastChat.Engine.Tokenization;

namespace FastChat.Engine.Tests.Scheduling;

/// <summary>
/// The real model, slowed to at least <paramref name="stepTime"/> per forward pass. The scheduler never waits for
/// slow readers, so on a loaded machine a 2000-token stream of this tiny model can finish before a test's reader
/// gets to cancel it; pacing keeps cancellation tests about cancellation, not about scheduling luck.
/// </summary>
internal sealed class PacedBackend(IInferenceBackend inner, TimeSpan stepTime) : IInferenceBackend
{
    public ModelConfig Config => inner.Config;
    public Tokenizer Tokenizer => inner.Tokenizer;
    public string Source => inner.Source;
    public string? ChatTemplate => inner.ChatTemplate;
    public KvCache CreateCache() => inner.CreateCache();
    public ForwardWorkspace CreateWorkspace(int threads) => inner.CreateWorkspace(threads);

    public void Forward(ForwardWorkspace workspace, ModelBatch batch, Span<float> logits)
    {
        Thread.Sleep(stepTime);
        inner.Forward(workspace, batch, logits);
    }

    public void Embed(ForwardWorkspace workspace, ReadOnlySpan<int> tokens, Span<float> embedding) => inner.Embed(workspace, tokens, embedding);

    public void Dispose() { } // the inner model belongs to the test
}
