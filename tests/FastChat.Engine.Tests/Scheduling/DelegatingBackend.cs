using FastChat.Engine.Caching;
using FastChat.Engine.Models;
using FastChat.Engine.Tokenization;

namespace FastChat.Engine.Tests.Scheduling;

/// <summary>The real model behind <see cref="IInferenceBackend"/>, for test wrappers that change one behaviour.</summary>
internal abstract class DelegatingBackend(IInferenceBackend inner) : IInferenceBackend
{
    public ModelConfig Config => inner.Config;
    public Tokenizer Tokenizer => inner.Tokenizer;
    public string Source => inner.Source;
    public string? ChatTemplate => inner.ChatTemplate;
    public KvCache CreateCache() => inner.CreateCache();
    public ForwardWorkspace CreateWorkspace(int threads) => inner.CreateWorkspace(threads);
    public virtual void Forward(ForwardWorkspace workspace, ModelBatch batch, Span<float> logits) => inner.Forward(workspace, batch, logits);
    public virtual void Embed(ForwardWorkspace workspace, ReadOnlySpan<int> tokens, Span<float> embedding) => inner.Embed(workspace, tokens, embedding);
    public void Dispose() { } // the inner model belongs to the test
}
