using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;
using OpenAI.Chat;
using FcChatMessage = FastChat.Conversation.ChatMessage;

namespace FastChat.Evaluation.Endpoints;

/// <summary>A model behind any OpenAI-compatible endpoint (our server, vLLM, OpenAI itself), through the OpenAI SDK.</summary>
public sealed class OpenAiChatCompleter : IChatCompleter
{
    private readonly ChatClient _client;

    /// <param name="model">The model name the endpoint serves.</param>
    /// <param name="baseUrl">The API base, e.g. http://127.0.0.1:8000/v1.</param>
    /// <param name="apiKey">Bearer key; any non-empty text for servers without keys.</param>
    /// <param name="requestTimeout">Per-request network timeout (long generations need minutes).</param>
    public OpenAiChatCompleter(string model, Uri baseUrl, string? apiKey = null, TimeSpan? requestTimeout = null)
    {
        Model = model;
        _client = new ChatClient(model, new ApiKeyCredential(string.IsNullOrEmpty(apiKey) ? "EMPTY" : apiKey), new OpenAIClientOptions
        {
            Endpoint = baseUrl,
            // Our RetryPolicy retries with its own backoff and reports each failure; the SDK's silent retries would hide them.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = requestTimeout ?? TimeSpan.FromMinutes(10),
        });
    }

    /// <inheritdoc/>
    public string Model { get; }

    /// <inheritdoc/>
    public async Task<string> CompleteAsync(IReadOnlyList<FcChatMessage> messages, float temperature, int maxTokens, CancellationToken cancellationToken)
    {
        var options = new ChatCompletionOptions { Temperature = temperature, MaxOutputTokenCount = maxTokens };
        ChatCompletion completion = await _client.CompleteChatAsync(messages.Select(ToSdk), options, cancellationToken).ConfigureAwait(false);
        return string.Concat(completion.Content.Select(part => part.Text));
    }

    private static ChatMessage ToSdk(FcChatMessage message) => message.Role switch
    {
        "system" => new SystemChatMessage(message.Content ?? ""),
        "user" => new UserChatMessage(message.Content ?? ""),
        "assistant" => new AssistantChatMessage(message.Content ?? ""),
        _ => throw new ArgumentException($"unsupported chat role '{message.Role}'", nameof(message)),
    };
}
