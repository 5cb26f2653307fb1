using FastChat.Engine.Sampling;

namespace FastChat.Engine.Generation;

/// <summary>
/// One generated token as streamed: the token, the text it releases (empty while a character, or a possible
/// stop string, is incomplete), its logprob and top alternatives; the last chunk carries the finish reason and
/// usage (and may carry text flushed at the end with no token, <see cref="TokenId"/> = -1).
/// </summary>
public sealed record GenerationChunk(
    int TokenId,
    string Text,
    float Logprob,
    TokenLogprob[]? TopLogprobs,
    FinishReason? FinishReason = null,
    GenerationUsage? Usage = null,
    string? StopSequence = null)
{
    public bool IsFinal => FinishReason is not null;
}
