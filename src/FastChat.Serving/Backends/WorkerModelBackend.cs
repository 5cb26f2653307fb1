using System.Runtime.CompilerServices;
using FastChat.Conversation;
using FastChat.Serving.OpenAi;
using FastChat.Serving.Worker;

namespace FastChat.Serving.Backends;

/// <summary>
/// A model on a FastChat model worker (ours or Python's): requests go over worker_generate_stream, whose cumulative
/// chunks are turned back into deltas; worker error codes become the matching HTTP errors.
/// </summary>
public sealed class WorkerModelBackend(WorkerClient worker, string modelName) : IModelBackend
{
    public string ModelName => modelName;

    public string WorkerAddress => worker.Address;

    public async Task<ChatPrompt> RenderChatAsync(IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken)
    {
        var rendered = await worker.ApplyChatTemplateAsync(new ApplyChatTemplateRequest([.. messages.Select(m => new ChatMessageWire(m.Role, m.Content))]),
                                                           cancellationToken).ConfigureAwait(false);
        if (rendered is not null) return new ChatPrompt(rendered.Prompt, rendered.Stop, rendered.StopTokenIds);
        // A FastChat Python worker: build the prompt from its conversation template, as FastChat's API server does.
        var template = ConvTemplateWire.FromWire(await worker.ConvTemplateAsync(modelName, cancellationToken).ConfigureAwait(false));
        return new ChatPromptRendererFor(template).Render(messages);
    }

    public async IAsyncEnumerable<TextDelta> GenerateAsync(TextGenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (request.MaxNewTokens is null) request = request with { MaxNewTokens = await RemainingContextAsync(request.Prompt, cancellationToken).ConfigureAwait(false) };
        var sentText = 0;
        var sentTokens = 0;
        var finished = false;
        await foreach (var chunk in worker.GenerateStreamAsync(WorkerParamsMapper.ToParams(modelName, request), cancellationToken).ConfigureAwait(false))
        {
            if (chunk.ErrorCode != WorkerErrorCodes.None) throw ToApiException(chunk);
            var text = chunk.Text.Length >= sentText ? chunk.Text[sentText..] : "";
            sentText = Math.Max(sentText, chunk.Text.Length);
            var tokens = NewTokens(chunk.Logprobs, ref sentTokens);
            var usage = chunk.Usage is { } u ? new UsageInfo(u.PromptTokens, u.CompletionTokens) : null;
            finished = chunk.FinishReason is not null;
            yield return new TextDelta(text, tokens, chunk.FinishReason, finished ? usage : null);
            if (finished) yield break;
        }
        if (!finished) yield return new TextDelta("", [], "stop"); // a worker that ends without finish_reason
    }

    public async Task<EmbeddingResult> EmbedAsync(IReadOnlyList<string> inputs, CancellationToken cancellationToken)
    {
        var result = await worker.EmbeddingsAsync(modelName, inputs, cancellationToken).ConfigureAwait(false);
        if (result.ErrorCode != WorkerErrorCodes.None) throw ToApiException(new WorkerChunk { ErrorCode = result.ErrorCode, Text = result.Text ?? "" });
        return new EmbeddingResult(result.Embedding, result.TokenNum);
    }

    // No max_tokens: FastChat's API server (check_length) asks the worker for model_details and count_token and sends
    // max_new_tokens = context_length - prompt tokens, failing with CONTEXT_OVERFLOW when nothing is left. Without
    // it a Python worker would stop at its own default of 256 new tokens.
    private async Task<int> RemainingContextAsync(string prompt, CancellationToken ct)
    {
        var contextLength = await worker.ContextLengthAsync(modelName, ct).ConfigureAwait(false);
        var promptTokens = await worker.CountTokensAsync(modelName, prompt, ct).ConfigureAwait(false);
        var remaining = contextLength - promptTokens;
        if (remaining <= 0)
            throw ApiException.ContextOverflow($"This model's maximum context length is {contextLength} tokens. However, your messages resulted in {promptTokens} tokens. Please reduce the length of the messages.");
        return remaining;
    }

    private static TokenInfo[] NewTokens(WorkerLogprobs? logprobs, ref int sent)
    {
        if (logprobs is null || logprobs.Tokens.Count <= sent) return [];
        var tokens = new TokenInfo[logprobs.Tokens.Count - sent];
        for (var i = 0; i < tokens.Length; i++)
        {
            var k = sent + i;
            var top = k < logprobs.TopLogprobs.Count ? logprobs.TopLogprobs[k] : null;
            tokens[i] = new TokenInfo(logprobs.Tokens[k], k < logprobs.TokenLogprobs.Count ? logprobs.TokenLogprobs[k] ?? 0f : 0f,
                                      top?.Select(kv => new TopToken(kv.Key, kv.Value)).ToArray());
        }
        sent = logprobs.Tokens.Count;
        return tokens;
    }

    private static ApiException ToApiException(WorkerChunk chunk) => chunk.ErrorCode switch
    {
        WorkerErrorCodes.ContextOverflow => ApiException.ContextOverflow(chunk.Text),
        WorkerErrorCodes.ParamOutOfRange or WorkerErrorCodes.ValidationTypeError => ApiException.BadRequest(chunk.Text),
        WorkerErrorCodes.InvalidModel => new ApiException(404, chunk.Text, "invalid_request_error", "model", "model_not_found"),
        WorkerErrorCodes.EngineOverloaded => ApiException.Overloaded(chunk.Text),
        WorkerErrorCodes.ControllerNoWorker or WorkerErrorCodes.ControllerWorkerTimeout => ApiException.Unavailable(chunk.Text),
        _ => new ApiException(500, chunk.Text, "server_error", null, chunk.ErrorCode.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    };

    // Renders with a template received over the wire (not from the registry).
    private sealed class ChatPromptRendererFor(ConversationTemplate template)
    {
        public ChatPrompt Render(IReadOnlyList<ChatMessage> messages)
        {
            var conversation = Conversation.Conversation.FromOpenAiMessages(template, messages);
            return new ChatPrompt(conversation.GetPrompt(), template.StopStrings, template.StopTokenIds ?? []);
        }
    }
}
