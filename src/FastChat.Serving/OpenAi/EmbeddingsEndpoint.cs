using FastChat.Serving.Backends;
using Microsoft.AspNetCore.Http;

namespace FastChat.Serving.OpenAi;

/// <summary>POST /v1/embeddings: mean-pooled, unit-length hidden states, as floats or base64.</summary>
public sealed class EmbeddingsEndpoint(ApiHandler api, IModelCatalog catalog)
{
    public Task HandleAsync(HttpContext context) => api.RunAsync(context, "embeddings", RespondAsync);

    private async Task RespondAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        var request = await api.ReadBodyAsync<EmbeddingRequest>(context).ConfigureAwait(false);
        var model = RequestMapper.RequireModel(request.Model);
        var inputs = RequestMapper.EmbeddingInputs(request);
        var backend = await catalog.FindAsync(model, ct).ConfigureAwait(false) ?? throw ApiException.ModelNotFound(model);
        var result = await backend.EmbedAsync(inputs, ct).ConfigureAwait(false);
        var base64 = request.EncodingFormat == "base64";
        var items = result.Embeddings.Select((e, i) => new EmbeddingItem(i, base64 ? ToBase64(e) : e)).ToList();
        await context.Response.WriteAsJsonAsync(new EmbeddingResponse(items, model, new EmbeddingUsage(result.TokenCount, result.TokenCount)),
                                                ServingJson.Options, ct).ConfigureAwait(false);
    }

    // OpenAI's base64 format: little-endian float32s.
    private static string ToBase64(float[] embedding) =>
        Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(embedding.AsSpan()));
}
