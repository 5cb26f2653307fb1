using System.Globalization;
using System.Text;
using System.Text.Json;
using FastChat.Conversation;
using FastChat.Engine.Sampling;
using FastChat.Serving.Backends;

namespace FastChat.Serving.OpenAi;

/// <summary>
/// Checks OpenAI request bodies and turns them into <see cref="TextGenerationRequest"/>s. Every invalid value is an
/// <see cref="ApiException"/> 400 naming the parameter; ranges are the engine's own
/// (<see cref="SamplingOptions.Validate"/>), so the API and the engine cannot disagree.
/// </summary>
public static class RequestMapper
{
    /// <summary>Largest n accepted: each choice is a sequence in the scheduler.</summary>
    public const int MaxChoices = 16;

    /// <summary>Most stop strings per request.</summary>
    public const int MaxStopStrings = 16;

    public static string RequireModel(string? model) =>
        string.IsNullOrWhiteSpace(model) ? throw ApiException.BadRequest("You must provide a model parameter.", "model") : model;

    public static int Choices(SamplingRequestBase request) => request.N switch
    {
        null => 1,
        >= 1 and <= MaxChoices => request.N.Value,
        _ => throw ApiException.BadRequest($"n must be between 1 and {MaxChoices}; got {request.N}.", "n"),
    };

    public static bool IncludeUsage(SamplingRequestBase request) => request.StreamOptions?.IncludeUsage == true;

    /// <summary>The chat messages, as the conversation library takes them.</summary>
    public static IReadOnlyList<ChatMessage> Messages(ChatCompletionRequest request)
    {
        if (request.Messages is not { Count: > 0 } messages)
            throw ApiException.BadRequest("messages must be a non-empty array.", "messages");
        var result = new List<ChatMessage>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (string.IsNullOrEmpty(message.Role))
                throw ApiException.BadRequest($"messages[{i}].role is required.", $"messages[{i}].role");
            result.Add(new ChatMessage(message.Role, ContentText(message.Content, $"messages[{i}].content"), Name: message.Name));
        }
        return result;
    }

    /// <summary>The chat request's sampling, with the template's stops added.</summary>
    public static TextGenerationRequest ForChat(ChatCompletionRequest request, ChatPrompt prompt)
    {
        if (request.TopLogprobs is not null && request.Logprobs != true)
            throw ApiException.BadRequest("top_logprobs requires logprobs to be true.", "top_logprobs");
        var maxTokens = request.MaxCompletionTokens ?? request.MaxTokens;
        var name = request.MaxCompletionTokens is not null ? "max_completion_tokens" : "max_tokens";
        var core = Common(request, maxTokens, name, request.Logprobs == true ? request.TopLogprobs ?? 0 : null);
        return core with
        {
            Prompt = prompt.Prompt,
            Stop = [.. core.Stop, .. prompt.StopStrings.Where(s => s.Length > 0)],
            StopTokenIds = prompt.StopTokenIds,
        };
    }

    /// <summary>The legacy completion request (one prompt string; arrays of one string are accepted).</summary>
    public static TextGenerationRequest ForCompletion(CompletionRequest request)
    {
        if (request.Logprobs is < 0 or > SamplingOptions.MaxTopLogprobs)
            throw ApiException.BadRequest($"logprobs must be between 0 and {SamplingOptions.MaxTopLogprobs}; got {request.Logprobs}.", "logprobs");
        if (!string.IsNullOrEmpty(request.Suffix))
            throw ApiException.BadRequest("suffix is not supported.", "suffix");
        return Common(request, request.MaxTokens, "max_tokens", request.Logprobs) with
        {
            Prompt = PromptText(request.Prompt),
            Echo = request.Echo == true,
        };
    }

    /// <summary>Embedding inputs: a string or an array of strings.</summary>
    public static IReadOnlyList<string> EmbeddingInputs(EmbeddingRequest request)
    {
        if (request.EncodingFormat is not (null or "float" or "base64"))
            throw ApiException.BadRequest($"encoding_format must be float or base64; got '{request.EncodingFormat}'.", "encoding_format");
        var input = request.Input;
        if (input is { ValueKind: JsonValueKind.String } one) return [one.GetString()!];
        if (input is { ValueKind: JsonValueKind.Array } many && many.GetArrayLength() > 0 &&
            many.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
            return [.. many.EnumerateArray().Select(e => e.GetString()!)];
        throw ApiException.BadRequest("input must be a string or a non-empty array of strings.", "input");
    }

    private static TextGenerationRequest Common(SamplingRequestBase r, int? maxTokens, string maxTokensName, int? logprobs)
    {
        if (maxTokens is < 1)
            throw ApiException.BadRequest($"{maxTokensName} must be at least 1; got {maxTokens}.", maxTokensName);
        var jsonObject = r.ResponseFormat?.Type switch
        {
            null or "text" => false,
            "json_object" => true,
            var other => throw ApiException.BadRequest($"response_format type '{other}' is not supported; use 'text' or 'json_object'.", "response_format"),
        };
        var sampling = new SamplingOptions
        {
            Temperature = (float)(r.Temperature ?? 1.0),
            TopP = (float)(r.TopP ?? 1.0),
            TopK = r.TopK is -1 ? 0 : r.TopK ?? 0, // vLLM's -1 means off
            MinP = (float)(r.MinP ?? 0.0),
            PresencePenalty = (float)(r.PresencePenalty ?? 0.0),
            FrequencyPenalty = (float)(r.FrequencyPenalty ?? 0.0),
            RepetitionPenalty = (float)(r.RepetitionPenalty ?? 1.0),
            LogitBias = LogitBias(r.LogitBias),
            TopLogprobs = logprobs ?? 0,
        };
        sampling.Validate(int.MaxValue); // ranges now; token ids against the real vocabulary in the engine
        return new TextGenerationRequest
        {
            Prompt = "",
            MaxNewTokens = maxTokens,
            Temperature = sampling.Temperature,
            TopP = sampling.TopP,
            TopK = sampling.TopK,
            MinP = sampling.MinP,
            PresencePenalty = sampling.PresencePenalty,
            FrequencyPenalty = sampling.FrequencyPenalty,
            RepetitionPenalty = sampling.RepetitionPenalty,
            LogitBias = sampling.LogitBias,
            Seed = r.Seed is { } seed ? unchecked((ulong)seed) : null,
            Stop = StopStrings(r.Stop),
            Logprobs = logprobs,
            JsonObject = jsonObject,
            IgnoreEos = r.IgnoreEos == true,
        };
    }

    private static Dictionary<int, float>? LogitBias(Dictionary<string, double>? bias)
    {
        if (bias is null) return null;
        var result = new Dictionary<int, float>(bias.Count);
        foreach (var (key, value) in bias)
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var token))
                throw ApiException.BadRequest($"logit_bias keys must be token ids; got '{key}'.", "logit_bias");
            result[token] = (float)value;
        }
        return result;
    }

    private static IReadOnlyList<string> StopStrings(JsonElement? stop)
    {
        switch (stop)
        {
            case null or { ValueKind: JsonValueKind.Null }: return [];
            case { ValueKind: JsonValueKind.String } one:
                var text = one.GetString()!;
                return text.Length > 0 ? [text] : throw ApiException.BadRequest("stop must not be empty.", "stop");
            case { ValueKind: JsonValueKind.Array } many:
                var list = new List<string>();
                foreach (var item in many.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String || item.GetString() is not { Length: > 0 } s)
                        throw ApiException.BadRequest("stop must be a string or an array of non-empty strings.", "stop");
                    list.Add(s);
                }
                return list.Count <= MaxStopStrings ? list : throw ApiException.BadRequest($"At most {MaxStopStrings} stop strings are allowed.", "stop");
            default:
                throw ApiException.BadRequest("stop must be a string or an array of strings.", "stop");
        }
    }

    private static string PromptText(JsonElement? prompt)
    {
        if (prompt is { ValueKind: JsonValueKind.String } one) return one.GetString()!;
        if (prompt is { ValueKind: JsonValueKind.Array } many && many.GetArrayLength() == 1 && many[0].ValueKind == JsonValueKind.String)
            return many[0].GetString()!;
        throw ApiException.BadRequest("prompt must be a string (or an array holding one string).", "prompt");
    }

    private static string? ContentText(JsonElement? content, string param)
    {
        switch (content)
        {
            case null or { ValueKind: JsonValueKind.Null }: return null;
            case { ValueKind: JsonValueKind.String } text: return text.GetString();
            case { ValueKind: JsonValueKind.Array } parts:
                var builder = new StringBuilder();
                foreach (var part in parts.EnumerateArray())
                {
                    if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("type", out var type) || type.GetString() != "text"
                        || !part.TryGetProperty("text", out var value) || value.ValueKind != JsonValueKind.String)
                        throw ApiException.BadRequest("Only text content parts are supported.", param);
                    builder.Append(value.GetString());
                }
                return builder.ToString();
            default:
                throw ApiException.BadRequest("content must be a string or an array of text parts.", param);
        }
    }
}
