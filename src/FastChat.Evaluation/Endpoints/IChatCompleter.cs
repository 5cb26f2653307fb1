using FastChat.Conversation;

namespace FastChat.Evaluation.Endpoints;

/// <summary>A chat model behind some endpoint: messages in, the assistant's reply out.</summary>
public interface IChatCompleter
{
    /// <summary>The model name sent with each request.</summary>
    string Model { get; }

    /// <summary>One chat completion (no retries; callers wrap it in a <see cref="RetryPolicy"/>).</summary>
    Task<string> CompleteAsync(IReadOnlyList<ChatMessage> messages, float temperature, int maxTokens, CancellationToken cancellationToken);
}
