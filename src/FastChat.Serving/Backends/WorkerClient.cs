using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using FastChat.Serving.Worker;

namespace FastChat.Serving.Backends;

/// <summary>The HTTP client side of FastChat's worker protocol (our workers and FastChat's Python ones).</summary>
public sealed class WorkerClient(HttpClient http, string address)
{
    private readonly string _base = address.TrimEnd('/');

    public string Address => _base;

    /// <summary>worker_generate_stream: each \0-terminated JSON chunk, parsed.</summary>
    public async IAsyncEnumerable<WorkerChunk> GenerateStreamAsync(WorkerGenerateParams parameters, [EnumeratorCancellation] CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _base + "/worker_generate_stream")
        {
            Content = ServingJson.Content(parameters),
        };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        var pending = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != 0) continue;
                pending.Write(buffer, start, i - start);
                start = i + 1;
                if (pending.Length > 0)
                    yield return JsonSerializer.Deserialize<WorkerChunk>(pending.GetBuffer().AsSpan(0, (int)pending.Length), ServingJson.Options)!;
                pending.SetLength(0);
            }
            pending.Write(buffer, start, read - start);
        }
        if (pending.Length > 0) // a worker that forgot the last \0
            yield return JsonSerializer.Deserialize<WorkerChunk>(pending.GetBuffer().AsSpan(0, (int)pending.Length), ServingJson.Options)!;
    }

    public async Task<WorkerEmbeddingsResponse> EmbeddingsAsync(string model, IReadOnlyList<string> inputs, CancellationToken ct)
    {
        using var response = await http.PostAsync(_base + "/worker_get_embeddings", ServingJson.Content(new { model, input = inputs }), ct).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<WorkerEmbeddingsResponse>(ServingJson.Options, ct).ConfigureAwait(false))!;
    }

    /// <summary>Our extension; null when the worker lacks it (FastChat's Python workers).</summary>
    public async Task<ApplyChatTemplateResponse?> ApplyChatTemplateAsync(ApplyChatTemplateRequest request, CancellationToken ct)
    {
        using var response = await http.PostAsync(_base + "/worker_apply_chat_template", ServingJson.Content(request), ct).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed) return null;
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            using var error = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false), cancellationToken: ct).ConfigureAwait(false);
            throw new ArgumentException(error.RootElement.GetProperty("error").GetProperty("message").GetString(), "messages");
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<ApplyChatTemplateResponse>(ServingJson.Options, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// worker_get_conv_template: the FastChat conversation body. The body names the model, as FastChat's API server
    /// sends it (<c>get_conv</c>): a multi-model worker picks the model's template by it.
    /// </summary>
    public async Task<JsonElement> ConvTemplateAsync(string model, CancellationToken ct)
    {
        using var response = await http.PostAsync(_base + "/worker_get_conv_template", ServingJson.Content(new ModelRequest(model)), ct).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(ct).ConfigureAwait(false);
    }

    /// <summary>model_details: the worker's context length (FastChat's API server sends {model}).</summary>
    public async Task<int> ContextLengthAsync(string model, CancellationToken ct)
    {
        using var response = await http.PostAsync(_base + "/model_details", ServingJson.Content(new ModelRequest(model)), ct).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ModelDetailsResponse>(ServingJson.Options, ct).ConfigureAwait(false))!.ContextLength;
    }

    /// <summary>count_token: the prompt's token count on the worker's tokenizer (FastChat's API server sends {model, prompt}).</summary>
    public async Task<int> CountTokensAsync(string model, string prompt, CancellationToken ct)
    {
        using var response = await http.PostAsync(_base + "/count_token", ServingJson.Content(new CountTokenRequest(prompt, model)), ct).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CountTokenResponse>(ServingJson.Options, ct).ConfigureAwait(false))!.Count;
    }
}
