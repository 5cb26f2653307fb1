namespace FastChat.Engine.Generation;

/// <summary>Why a generation ended (OpenAI's finish_reason).</summary>
public enum FinishReason
{
    /// <summary>An end-of-sequence/turn token, a stop token or a stop string.</summary>
    Stop,

    /// <summary>max_tokens reached, or the context is full.</summary>
    Length,

    /// <summary>The caller cancelled.</summary>
    Cancelled,
}
