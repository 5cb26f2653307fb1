using FastChat.Serving.Backends;
using Microsoft.AspNetCore.Http;

namespace FastChat.Serving.OpenAi;

/// <summary>POST /v1/completions (legacy text completions), whole or streamed.</summary>
public sealed class CompletionsEndpoint(ApiHandler api, IModelCatalog catalog)
{
    public Task HandleAsync(HttpContext context) => api.RunAsync(context, "completions", RespondAsync);

    private async Task RespondAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        var request = await api.ReadBodyAsync<CompletionRequest>(context).ConfigureAwait(false);
        var model = RequestMapper.RequireModel(request.Model);
        var generation = RequestMapper.ForCompletion(request);
        var n = RequestMapper.Choices(request);
        var backend = await catalog.FindAsync(model, ct).ConfigureAwait(false) ?? throw ApiException.ModelNotFound(model);
        var id = "cmpl-" + Guid.NewGuid().ToString("N");
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var echoOffset = generation.Echo ? generation.Prompt.Length : 0;
        await using var choices = await ChoiceStreams.StartAsync(backend, generation, n, api.Metrics, ct).ConfigureAwait(false);

        if (request.Stream != true)
        {
            var done = await choices.CollectAsync().ConfigureAwait(false);
            await context.Response.WriteAsJsonAsync(new CompletionResponse(id, created, model,
                [.. done.Select((c, i) => new CompletionChoiceDto(i, c.Text)
                {
                    FinishReason = c.FinishReason,
                    Logprobs = generation.Logprobs is null ? null : LogprobsMapper.Completion(c.Tokens, echoOffset),
                })]) { Usage = ChatCompletionsEndpoint.Usage(done) }, ServingJson.Options, ct).ConfigureAwait(false);
            return;
        }

        var sse = new SseWriter(context.Response);
        await sse.StartAsync(ct).ConfigureAwait(false);
        var usages = new UsageInfo?[n];
        var offsets = new int[n];
        Array.Fill(offsets, echoOffset);
        await foreach (var (index, delta) in choices.ReadAllAsync().ConfigureAwait(false))
        {
            usages[index] ??= delta.Usage;
            if (delta.Text.Length == 0 && delta.FinishReason is null && generation.Logprobs is null) continue;
            var logprobs = generation.Logprobs is null ? null : LogprobsMapper.Completion(delta.Tokens, offsets[index]);
            offsets[index] += delta.Tokens.Sum(t => t.Token.Length);
            await sse.WriteAsync(new CompletionResponse(id, created, model,
                [new CompletionChoiceDto(index, delta.Text) { FinishReason = delta.FinishReason, Logprobs = logprobs }]), ct).ConfigureAwait(false);
        }
        if (RequestMapper.IncludeUsage(request))
            await sse.WriteAsync(new CompletionResponse(id, created, model, []) { Usage = ChatCompletionsEndpoint.Sum(usages) }, ct).ConfigureAwait(false);
        await sse.WriteDoneAsync(ct).ConfigureAwait(false);
    }
}
