using FastChat.Engine.Models;

namespace FastChat.Engine.Tests.Scheduling;

/// <summary>
/// The real model, slowed to at least <paramref name="stepTime"/> per forward pass. The scheduler never waits for
/// slow readers, so on a loaded machine a 2000-token stream of this tiny model can finish before a test's reader
/// gets to cancel it; pacing keeps cancellation tests about cancellation, not about scheduling luck.
/// </summary>
internal sealed class PacedBackend(IInferenceBackend inner, TimeSpan stepTime) : DelegatingBackend(inner)
{
    public override void Forward(ForwardWorkspace workspace, ModelBatch batch, Span<float> logits)
    {
        Thread.Sleep(stepTime);
        base.Forward(workspace, batch, logits);
    }
}
