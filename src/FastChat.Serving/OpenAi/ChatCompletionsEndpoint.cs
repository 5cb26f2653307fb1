using FastChat.Serving.Backends;
using Microsoft.AspNetCore.Http;

namespace FastChat.Serving.OpenAi;

/// <summary>POST /v1/chat/completions: whole responses or a chat.completion.chunk event stream.</summary>
public sealed class ChatCompletionsEndpoint(ApiHandler api, IModelCatalog catalog)
{
    public Task HandleAsync(HttpContext context) => api.RunAsync(context, "chat_completions", RespondAsync);

    private async Task RespondAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        var request = await api.ReadBodyAsync<ChatCompletionRequest>(context).ConfigureAwait(false);
        var model = RequestMapper.RequireModel(request.Model);
        var messages = RequestMapper.Messages(request);
        var n = RequestMapper.Choices(request);
        var backend = await catalog.FindAsync(model, ct).ConfigureAwait(false) ?? throw ApiException.ModelNotFound(model);
        var prompt = await backend.RenderChatAsync(messages, ct).ConfigureAwait(false);
        var generation = RequestMapper.ForChat(request, prompt);
        var id = "chatcmpl-" + Guid.NewGuid().ToString("N");
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await using var choices = await ChoiceStreams.StartAsync(backend, generation, n, api.Metrics, ct).ConfigureAwait(false);

        if (request.Stream != true)
        {
            var done = await choices.CollectAsync().ConfigureAwait(false);
            var usage = Usage(done);
            await context.Response.WriteAsJsonAsync(new ChatCompletionResponse(id, "chat.completion", created, model,
                [.. done.Select((c, i) => new ChatChoiceDto(i)
                {
                    Message = new ChatMessageOut("assistant", c.Text),
                    FinishReason = c.FinishReason,
                    Logprobs = generation.Logprobs is null ? null : LogprobsMapper.Chat(c.Tokens),
                })]) { Usage = usage }, ServingJson.Options, ct).ConfigureAwait(false);
            return;
        }

        var sse = new SseWriter(context.Response);
        await sse.StartAsync(ct).ConfigureAwait(false);
        var includeUsage = RequestMapper.IncludeUsage(request);
        ChatCompletionResponse Chunk(ChatChoiceDto choice) =>
            new(id, "chat.completion.chunk", created, model, [choice]);
        for (var i = 0; i < n; i++) // OpenAI opens each choice with the role
            await sse.WriteAsync(Chunk(new ChatChoiceDto(i) { Delta = new ChatMessageOut("assistant", "") }), ct).ConfigureAwait(false);
        var usages = new UsageInfo?[n];
        await foreach (var (index, delta) in choices.ReadAllAsync().ConfigureAwait(false))
        {
            usages[index] ??= delta.Usage;
            if (delta.Text.Length == 0 && delta.FinishReason is null && generation.Logprobs is null) continue;
            await sse.WriteAsync(Chunk(new ChatChoiceDto(index)
            {
                Delta = new ChatMessageOut(null, delta.Text),
                FinishReason = delta.FinishReason,
                Logprobs = generation.Logprobs is null || delta.Tokens.Count == 0 ? null : LogprobsMapper.Chat(delta.Tokens),
            }), ct).ConfigureAwait(false);
        }
        if (includeUsage)
            await sse.WriteAsync(new ChatCompletionResponse(id, "chat.completion.chunk", created, model, []) { Usage = Sum(usages) }, ct).ConfigureAwait(false);
        await sse.WriteDoneAsync(ct).ConfigureAwait(false);
    }

    internal static UsageDto Usage(IEnumerable<CompletedChoice> choices) => Sum(choices.Select(c => c.Usage));

    // The prompt is shared by all choices, so it counts once (as OpenAI reports it).
    internal static UsageDto Sum(IEnumerable<UsageInfo?> usages)
    {
        var list = usages.Where(u => u is not null).Select(u => u!).ToList();
        var prompt = list.Count > 0 ? list[0].PromptTokens : 0;
        var completion = list.Sum(u => u.CompletionTokens);
        return new UsageDto(prompt, completion, prompt + completion);
    }
}
