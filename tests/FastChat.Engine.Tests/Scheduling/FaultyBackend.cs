using FastChat.Engine.Models;

namespace FastChat.Engine.Tests.Scheduling;

/// <summary>
/// The real model, except that a forward pass or embedding containing <see cref="PoisonToken"/> throws (as a
/// backend error would), so tests can check that a failure reaches only the requests it belongs to.
/// </summary>
internal sealed class FaultyBackend(IInferenceBackend inner, int poisonToken) : DelegatingBackend(inner)
{
    public int PoisonToken => poisonToken;

    public override void Forward(ForwardWorkspace workspace, ModelBatch batch, Span<float> logits)
    {
        if (batch.Tokens.Contains(poisonToken)) throw new ModelException($"Injected failure: token {poisonToken} in the batch.");
        base.Forward(workspace, batch, logits);
    }

    public override void Embed(ForwardWorkspace workspace, ReadOnlySpan<int> tokens, Span<float> embedding)
    {
        if (tokens.Contains(poisonToken)) throw new ModelException($"Injected failure: token {poisonToken} to embed.");
        base.Embed(workspace, tokens, embedding);
    }
}
