using System.Text.Json.Serialization;

namespace FastChat.Serving.OpenAi;

// Response bodies of the OpenAI endpoints (snake_case through ServingJson.Options).

/// <summary>GET /v1/models.</summary>
public sealed record ModelList(IReadOnlyList<ModelCard> Data)
{
    public string Object => "list";
}

/// <summary>One entry of /v1/models.</summary>
public sealed record ModelCard(string Id, long Created, string OwnedBy = "fastchat")
{
    public string Object => "model";
}

/// <summary>usage.</summary>
public sealed record UsageDto(int PromptTokens, int CompletionTokens, int TotalTokens);

/// <summary>A chat.completion or chat.completion.chunk.</summary>
public sealed record ChatCompletionResponse(string Id, string Object, long Created, string Model, IReadOnlyList<ChatChoiceDto> Choices)
{
    public string SystemFingerprint => "fastchat-native";

    /// <summary>Written as null on stream chunks other than the usage chunk when include_usage is on.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public UsageDto? Usage { get; init; }
}

/// <summary>A chat choice: <see cref="Message"/> when complete, <see cref="Delta"/> when streamed.</summary>
public sealed record ChatChoiceDto(int Index)
{
    public ChatMessageOut? Message { get; init; }
    public ChatMessageOut? Delta { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ChatLogprobsDto? Logprobs { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? FinishReason { get; init; }
}

/// <summary>An assistant message or delta.</summary>
public sealed record ChatMessageOut(string? Role, string? Content);

/// <summary>Chat logprobs: one entry per token.</summary>
public sealed record ChatLogprobsDto(IReadOnlyList<ChatTokenLogprob> Content);

/// <summary>A token, its logprob, UTF-8 bytes and alternatives.</summary>
public sealed record ChatTokenLogprob(string Token, float Logprob, IReadOnlyList<int> Bytes, IReadOnlyList<ChatTopLogprob> TopLogprobs);

/// <summary>An alternative token.</summary>
public sealed record ChatTopLogprob(string Token, float Logprob, IReadOnlyList<int> Bytes);

/// <summary>A text_completion (whole or streamed chunk).</summary>
public sealed record CompletionResponse(string Id, long Created, string Model, IReadOnlyList<CompletionChoiceDto> Choices)
{
    public string Object => "text_completion";

    public string SystemFingerprint => "fastchat-native";

    public UsageDto? Usage { get; init; }
}

/// <summary>A completion choice.</summary>
public sealed record CompletionChoiceDto(int Index, string Text)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public CompletionLogprobsDto? Logprobs { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? FinishReason { get; init; }
}

/// <summary>Legacy completions logprobs: parallel arrays.</summary>
public sealed record CompletionLogprobsDto(
    IReadOnlyList<string> Tokens,
    IReadOnlyList<float> TokenLogprobs,
    IReadOnlyList<Dictionary<string, float>> TopLogprobs,
    IReadOnlyList<int> TextOffset);

/// <summary>POST /v1/embeddings response.</summary>
public sealed record EmbeddingResponse(IReadOnlyList<EmbeddingItem> Data, string Model, EmbeddingUsage Usage)
{
    public string Object => "list";
}

/// <summary>One embedding; a float array, or a base64 string for encoding_format "base64".</summary>
public sealed record EmbeddingItem(int Index, object Embedding)
{
    public string Object => "embedding";
}

/// <summary>Embedding usage.</summary>
public sealed record EmbeddingUsage(int PromptTokens, int TotalTokens);
