using FastChat.Conversation;

namespace FastChat.Serving.Backends;

/// <summary>
/// One served model as the OpenAI endpoints see it, wherever it runs: in this process
/// (<see cref="LocalModelBackend"/>) or on a FastChat model worker reached over HTTP (<see cref="WorkerModelBackend"/>).
/// </summary>
public interface IModelBackend
{
    string ModelName { get; }

    /// <summary>Turns chat messages into the prompt text and the stops the model's template adds.</summary>
    Task<ChatPrompt> RenderChatAsync(IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken);

    /// <summary>
    /// Streams one completion of <see cref="TextGenerationRequest.Prompt"/>. Errors that concern the request
    /// (bad parameters, context overflow, overload) are thrown by the first <c>MoveNextAsync</c>, before any delta.
    /// </summary>
    IAsyncEnumerable<TextDelta> GenerateAsync(TextGenerationRequest request, CancellationToken cancellationToken);

    /// <summary>One unit-length embedding per input, and the number of tokens read.</summary>
    Task<EmbeddingResult> EmbedAsync(IReadOnlyList<string> inputs, CancellationToken cancellationToken);
}

/// <summary>A rendered chat prompt and the template's stop strings / token ids.</summary>
public sealed record ChatPrompt(string Prompt, IReadOnlyList<string> StopStrings, IReadOnlyList<int> StopTokenIds);

/// <summary>Embeddings of a batch of inputs.</summary>
public sealed record EmbeddingResult(IReadOnlyList<float[]> Embeddings, int TokenCount);
