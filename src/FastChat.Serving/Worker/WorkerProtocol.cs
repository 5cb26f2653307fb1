using System.Text.Json;
using System.Text.Json.Serialization;

namespace FastChat.Serving.Worker;

/// <summary>FastChat's <c>ErrorCode</c> values (fastchat/constants.py) as they travel in worker chunks.</summary>
public static class WorkerErrorCodes
{
    public const int None = 0;
    public const int ValidationTypeError = 40001;
    public const int InvalidModel = 40301;
    public const int ParamOutOfRange = 40302;
    public const int ContextOverflow = 40303;
    public const int EngineOverloaded = 42903;
    public const int InternalError = 50001;
    public const int ControllerNoWorker = 50005;
    public const int ControllerWorkerTimeout = 50006;
}

/// <summary>
/// Parameters of <c>worker_generate_stream</c> / <c>worker_generate</c> as FastChat's OpenAI server sends them,
/// plus this project's extensions (min_p, seed, logit_bias, response_format), which Python workers ignore.
/// </summary>
public sealed record WorkerGenerateParams
{
    public string? Model { get; init; }
    public string? Prompt { get; init; }
    public double? Temperature { get; init; }
    public double? TopP { get; init; }
    public int? TopK { get; init; }
    public double? MinP { get; init; }
    public double? PresencePenalty { get; init; }
    public double? FrequencyPenalty { get; init; }
    public double? RepetitionPenalty { get; init; }
    public int? MaxNewTokens { get; init; }

    /// <summary>A string, a list of strings, or null.</summary>
    public JsonElement? Stop { get; init; }
    public List<int>? StopTokenIds { get; init; }
    public bool? Echo { get; init; }
    public int? Logprobs { get; init; }
    public long? Seed { get; init; }
    public Dictionary<string, double>? LogitBias { get; init; }

    /// <summary>"json_object" constrains the output to JSON (extension).</summary>
    public string? ResponseFormat { get; init; }
}

/// <summary>
/// One <c>worker_generate_stream</c> chunk (serialized JSON followed by a \0 byte). <see cref="Text"/> is
/// cumulative: everything generated so far (after the prompt when echo is set). Logprobs are cumulative too.
/// </summary>
public sealed record WorkerChunk
{
    public string Text { get; init; } = "";

    public int ErrorCode { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public WorkerUsage? Usage { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? FinishReason { get; init; }

    public WorkerLogprobs? Logprobs { get; init; }
}

/// <summary>usage in a worker chunk.</summary>
public sealed record WorkerUsage(int PromptTokens, int CompletionTokens, int TotalTokens);

/// <summary>
/// FastChat's logprobs layout (legacy completions): parallel arrays over all tokens so far. A token logprob may be
/// null: FastChat's generate_stream puts None first when it echoes the prompt (the first token has no logprob).
/// </summary>
public sealed record WorkerLogprobs(
    List<int> TextOffset,
    List<string> Tokens,
    List<float?> TokenLogprobs,
    List<Dictionary<string, float>?> TopLogprobs);

/// <summary>
/// register_worker body. <c>multimodal</c> (FastChat's controller reads it with a default of false) sorts
/// the worker into list_multimodal_models or list_language_models.
/// </summary>
public sealed record RegisterWorkerRequest(string WorkerName, bool CheckHeartBeat, WorkerStatus? WorkerStatus, bool Multimodal = false);

/// <summary>worker_get_status answer, and the status sent on registration.</summary>
public sealed record WorkerStatus(IReadOnlyList<string> ModelNames, int Speed, int QueueLength);

/// <summary>receive_heart_beat body.</summary>
public sealed record HeartBeatRequest(string WorkerName, int QueueLength);

/// <summary>receive_heart_beat answer: false tells the worker to register again.</summary>
public sealed record HeartBeatResponse(bool Exist);

/// <summary>get_worker_address body / answer ("" when no worker serves the model).</summary>
public sealed record WorkerAddressRequest(string Model);

/// <summary>get_worker_address answer.</summary>
public sealed record WorkerAddressResponse(string Address);

/// <summary>list_models answer.</summary>
public sealed record ModelListResponse(IReadOnlyList<string> Models);

/// <summary>
/// worker_get_embeddings body: FastChat's API server sends {model, input: [str], encoding_format}; "base64" asks
/// for each embedding as base64 of its float32 bytes (FastChat's model_worker <c>__encode_base64</c>).
/// </summary>
public sealed record WorkerEmbeddingsRequest(string? Model, JsonElement? Input, string? EncodingFormat = null);

/// <summary>worker_get_embeddings answer.</summary>
public sealed record WorkerEmbeddingsResponse(IReadOnlyList<float[]> Embedding, int TokenNum, int ErrorCode = 0, string? Text = null);

/// <summary>worker_get_embeddings answer for encoding_format "base64": little-endian float32s, base64 per input.</summary>
public sealed record WorkerEmbeddingsBase64Response(IReadOnlyList<string> Embedding, int TokenNum, int ErrorCode = 0);

/// <summary>count_token body (FastChat's API server adds the model; a multi-model worker picks by it).</summary>
public sealed record CountTokenRequest(string? Prompt, string? Model = null);

/// <summary>A body naming only the model: worker_get_conv_template and model_details, as FastChat's API server sends them.</summary>
public sealed record ModelRequest(string Model);

/// <summary>count_token answer.</summary>
public sealed record CountTokenResponse(int Count, int ErrorCode);

/// <summary>model_details answer.</summary>
public sealed record ModelDetailsResponse(int ContextLength);

/// <summary>worker_apply_chat_template (extension) body: OpenAI messages.</summary>
public sealed record ApplyChatTemplateRequest(IReadOnlyList<ChatMessageWire> Messages);

/// <summary>A chat message on the wire.</summary>
public sealed record ChatMessageWire(string Role, string? Content);

/// <summary>worker_apply_chat_template answer.</summary>
public sealed record ApplyChatTemplateResponse(string Prompt, IReadOnlyList<string> Stop, IReadOnlyList<int> StopTokenIds);
