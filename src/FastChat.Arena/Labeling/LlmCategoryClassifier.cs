using System.ClientModel;
using OpenAI;
using OpenAI.Chat;

namespace FastChat.Arena.Labeling;

/// <summary>
/// Asks a chat model behind any OpenAI-compatible endpoint (our server or another) for each category's verdict,
/// one request per category, and parses the answer as FastChat does.
/// </summary>
public sealed class LlmCategoryClassifier : ICategoryClassifier
{
    private readonly ChatClient _client;
    private readonly Dictionary<string, CategoryDefinition> _categories;
    private readonly ChatCompletionOptions _options;

    /// <summary>Uses an existing chat client.</summary>
    public LlmCategoryClassifier(ChatClient client, IEnumerable<CategoryDefinition> categories, float temperature = 0f, int maxTokens = 512)
    {
        _client = client;
        _categories = categories.ToDictionary(c => c.NameTag);
        Tags = _categories.Keys.ToList();
        _options = new ChatCompletionOptions { Temperature = temperature, MaxOutputTokenCount = maxTokens };
    }

    /// <summary>Connects to <paramref name="endpoint"/> (e.g. http://127.0.0.1:8000/v1) as model <paramref name="model"/>.</summary>
    public static LlmCategoryClassifier Create(Uri endpoint, string model, string? apiKey, IEnumerable<CategoryDefinition> categories,
                                               float temperature = 0f, int maxTokens = 512, TimeSpan? timeout = null)
    {
        var options = new OpenAIClientOptions { Endpoint = endpoint, NetworkTimeout = timeout ?? TimeSpan.FromMinutes(2) };
        // Retries are the labeler's job (it counts and logs them); keep the SDK from retrying underneath.
        options.RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(0);
        var client = new ChatClient(model, new ApiKeyCredential(string.IsNullOrEmpty(apiKey) ? "none" : apiKey), options);
        return new LlmCategoryClassifier(client, categories, temperature, maxTokens);
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Tags { get; }

    /// <inheritdoc />
    public async Task<CategoryLabel> ClassifyAsync(string tag, string prompt, CancellationToken cancellationToken)
    {
        var category = _categories[tag];
        var messages = category.BuildMessages(prompt)
            .Select(m => m.Role == "system" ? (ChatMessage)new SystemChatMessage(m.Content) : new UserChatMessage(m.Content))
            .ToList();
        ChatCompletion completion = await _client.CompleteChatAsync(messages, _options, cancellationToken).ConfigureAwait(false);
        var text = string.Concat(completion.Content.Select(part => part.Text));
        return category.Parse(text);
    }
}
