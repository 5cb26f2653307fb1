using System.Globalization;
using System.Text.Json;
using FastChat.Serving.Backends;

namespace FastChat.Serving.Worker;

/// <summary>Converts between worker_generate_stream parameters and <see cref="TextGenerationRequest"/>, both ways.</summary>
public static class WorkerParamsMapper
{
    /// <summary>FastChat's default when max_new_tokens is absent.</summary>
    public const int DefaultMaxNewTokens = 256;

    /// <exception cref="ArgumentException">A malformed value (ParamName = the parameter).</exception>
    public static TextGenerationRequest ToRequest(WorkerGenerateParams p) => new()
    {
        Prompt = p.Prompt ?? throw new ArgumentException("prompt is required.", "prompt"),
        MaxNewTokens = p.MaxNewTokens ?? DefaultMaxNewTokens,
        Temperature = (float)(p.Temperature ?? 1.0),
        TopP = (float)(p.TopP ?? 1.0),
        TopK = p.TopK is null or -1 ? 0 : p.TopK.Value,
        MinP = (float)(p.MinP ?? 0.0),
        PresencePenalty = (float)(p.PresencePenalty ?? 0.0),
        FrequencyPenalty = (float)(p.FrequencyPenalty ?? 0.0),
        RepetitionPenalty = (float)(p.RepetitionPenalty ?? 1.0),
        Seed = p.Seed is { } seed ? unchecked((ulong)seed) : null,
        LogitBias = p.LogitBias?.ToDictionary(
            kv => int.TryParse(kv.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : throw new ArgumentException($"logit_bias key '{kv.Key}' is not a token id.", "logit_bias"),
            kv => (float)kv.Value),
        Stop = Stops(p.Stop),
        StopTokenIds = p.StopTokenIds ?? [],
        Echo = p.Echo ?? true, // FastChat's generate_stream: bool(params.get("echo", True))
        Logprobs = p.Logprobs,
        JsonObject = p.ResponseFormat == "json_object",
    };

    public static WorkerGenerateParams ToParams(string model, TextGenerationRequest r) => new()
    {
        Model = model,
        Prompt = r.Prompt,
        MaxNewTokens = r.MaxNewTokens,
        Temperature = r.Temperature,
        TopP = r.TopP,
        TopK = r.TopK == 0 ? -1 : r.TopK,
        MinP = r.MinP,
        PresencePenalty = r.PresencePenalty,
        FrequencyPenalty = r.FrequencyPenalty,
        RepetitionPenalty = r.RepetitionPenalty,
        Seed = r.Seed is { } seed ? unchecked((long)seed) : null,
        LogitBias = r.LogitBias?.ToDictionary(kv => kv.Key.ToString(CultureInfo.InvariantCulture), kv => (double)kv.Value),
        Stop = r.Stop.Count > 0 ? JsonSerializer.SerializeToElement(r.Stop) : null,
        StopTokenIds = [.. r.StopTokenIds],
        Echo = r.Echo,
        Logprobs = r.Logprobs,
        ResponseFormat = r.JsonObject ? "json_object" : null,
    };

    private static IReadOnlyList<string> Stops(JsonElement? stop) => stop switch
    {
        null or { ValueKind: JsonValueKind.Null } => [],
        { ValueKind: JsonValueKind.String } one => one.GetString() is { Length: > 0 } s ? [s] : [],
        { ValueKind: JsonValueKind.Array } many => [.. many.EnumerateArray().Select(e => e.GetString() ?? "").Where(s => s.Length > 0)],
        _ => throw new ArgumentException("stop must be a string or a list of strings.", "stop"),
    };
}
