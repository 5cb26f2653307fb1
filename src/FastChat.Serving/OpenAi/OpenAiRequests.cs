using System.Text.Json;

namespace FastChat.Serving.OpenAi;

/// <summary>
/// Sampling fields shared by /v1/chat/completions and /v1/completions. Unknown fields are ignored; fields that
/// take several JSON shapes (stop, prompt, content) are kept as <see cref="JsonElement"/> and read by
/// <see cref="RequestMapper"/>.
/// </summary>
public abstract record SamplingRequestBase
{
    public string? Model { get; init; }
    public double? Temperature { get; init; }
    public double? TopP { get; init; }
    public int? TopK { get; init; }
    public double? MinP { get; init; }
    public int? N { get; init; }
    public int? MaxTokens { get; init; }
    public JsonElement? Stop { get; init; }
    public long? Seed { get; init; }
    public double? PresencePenalty { get; init; }
    public double? FrequencyPenalty { get; init; }
    public double? RepetitionPenalty { get; init; }
    public Dictionary<string, double>? LogitBias { get; init; }
    public bool? Stream { get; init; }
    public StreamOptions? StreamOptions { get; init; }
    public ResponseFormat? ResponseFormat { get; init; }
    public string? User { get; init; }
    public bool? IgnoreEos { get; init; }
}

/// <summary>stream_options.</summary>
public sealed record StreamOptions(bool? IncludeUsage);

/// <summary>response_format: "text" or "json_object" (json_schema is refused).</summary>
public sealed record ResponseFormat(string? Type);

/// <summary>POST /v1/chat/completions.</summary>
public sealed record ChatCompletionRequest : SamplingRequestBase
{
    public List<ChatMessageDto>? Messages { get; init; }
    public int? MaxCompletionTokens { get; init; }
    public bool? Logprobs { get; init; }
    public int? TopLogprobs { get; init; }
}

/// <summary>One chat message; content is a string or an array of {type:"text", text} parts.</summary>
public sealed record ChatMessageDto
{
    public string? Role { get; init; }
    public JsonElement? Content { get; init; }
    public string? Name { get; init; }
}

/// <summary>POST /v1/completions (legacy); logprobs is the number of alternatives, 0..5.</summary>
public sealed record CompletionRequest : SamplingRequestBase
{
    public JsonElement? Prompt { get; init; }
    public int? Logprobs { get; init; }
    public bool? Echo { get; init; }
    public string? Suffix { get; init; }
}

/// <summary>POST /v1/embeddings; input is a string or an array of strings.</summary>
public sealed record EmbeddingRequest
{
    public string? Model { get; init; }
    public JsonElement? Input { get; init; }
    public string? EncodingFormat { get; init; }
    public string? User { get; init; }
}
