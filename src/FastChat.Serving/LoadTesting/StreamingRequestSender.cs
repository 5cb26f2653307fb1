using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace FastChat.Serving.LoadTesting;

/// <summary>
/// Sends one streaming completion request and times it as vLLM's benchmark_serving does: TTFT at the first chunk
/// carrying text, one inter-token latency per later text chunk, end-to-end latency at the end of the stream. Every
/// failure (HTTP status, refused connection, timeout, error event, stream cut before [DONE]) becomes a
/// <see cref="RequestResult"/> with a reason; nothing is thrown except cancellation of the whole run.
/// </summary>
public sealed class StreamingRequestSender(HttpClient http, LoadTestTarget target)
{
    private static readonly byte[] DataPrefix = "data:"u8.ToArray();
    private static readonly byte[] Done = "[DONE]"u8.ToArray();

    /// <summary>An HttpClient suited to load tests: no connection cap, no client-wide timeout (each request has its own).</summary>
    public static HttpClient CreateHttpClient() => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        AutomaticDecompression = System.Net.DecompressionMethods.None,
    }) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>Sends <paramref name="request"/>; <paramref name="startOffset"/> (seconds since the run began) is only recorded.</summary>
    public async Task<RequestResult> SendAsync(BenchmarkRequest request, double startOffset, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(target.RequestTimeout);
        var started = Stopwatch.GetTimestamp();
        double Elapsed() => Stopwatch.GetElapsedTime(started).TotalSeconds;
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, target.RequestUri) { Content = Body(request) };
            if (target.ApiKey is { Length: > 0 } key) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
                return RequestResult.Failed($"HTTP {(int)response.StatusCode}", ErrorText(body), request, startOffset, Elapsed());
            }
            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            return await ReadStreamAsync(stream, request, started, startOffset, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return RequestResult.Failed("timeout", $"no complete answer within {target.RequestTimeout.TotalSeconds:0.#} s", request, startOffset, Elapsed());
        }
        catch (HttpRequestException e)
        {
            var kind = e.InnerException is SocketException || e.HttpRequestError == HttpRequestError.ConnectionError ? "connection" : "http";
            return RequestResult.Failed(kind, e.Message, request, startOffset, Elapsed());
        }
        catch (IOException e)
        {
            return RequestResult.Failed("connection", e.Message, request, startOffset, Elapsed());
        }
    }

    private async Task<RequestResult> ReadStreamAsync(Stream stream, BenchmarkRequest request, long started, double startOffset, CancellationToken ct)
    {
        var reader = new SseLineReader(stream);
        var text = new StringBuilder();
        var gaps = new List<double>(request.OutputTokens);
        long first = 0, last = 0;
        int? promptTokens = null, completionTokens = null;
        var chunks = 0;
        while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
        {
            var now = Stopwatch.GetTimestamp();
            if (!line.Span.StartsWith(DataPrefix)) continue; // blank separators, comments, event names
            var payload = line.Span[DataPrefix.Length..].Trim((byte)' ');
            if (payload.SequenceEqual(Done))
            {
                var latency = Stopwatch.GetElapsedTime(started, now).TotalSeconds;
                if (chunks == 0) return RequestResult.Failed("empty stream", "the stream ended without any text", request, startOffset, latency);
                return new RequestResult
                {
                    Success = true,
                    PromptTokens = promptTokens ?? request.PromptTokens,
                    OutputTokens = completionTokens ?? chunks,
                    UsageReported = completionTokens is not null,
                    RequestedOutputTokens = request.OutputTokens,
                    TimeToFirstToken = Stopwatch.GetElapsedTime(started, first).TotalSeconds,
                    Latency = latency,
                    InterTokenLatencies = gaps,
                    StartOffset = startOffset,
                    GeneratedText = text.ToString(),
                };
            }
            var chunk = StreamChunk.Parse(payload, target.IsChat);
            if (chunk.Error is { } error) return RequestResult.Failed("stream error", error, request, startOffset, Stopwatch.GetElapsedTime(started, now).TotalSeconds);
            promptTokens = chunk.PromptTokens ?? promptTokens;
            completionTokens = chunk.CompletionTokens ?? completionTokens;
            // Chunks without text (a chat role header, a bare finish reason, the usage chunk) are not tokens.
            if (string.IsNullOrEmpty(chunk.Text)) continue;
            if (chunks == 0) first = now;
            else gaps.Add(Stopwatch.GetElapsedTime(last, now).TotalSeconds);
            last = now;
            chunks++;
            text.Append(chunk.Text);
        }
        return RequestResult.Failed("incomplete stream", $"the stream ended after {chunks} text chunk(s) without [DONE]", request, startOffset,
                                    Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private StringContent Body(BenchmarkRequest request)
    {
        var body = new Dictionary<string, object?>
        {
            ["model"] = target.Model,
            ["max_tokens"] = request.OutputTokens,
            ["temperature"] = target.Temperature,
            ["stream"] = true,
            ["stream_options"] = new Dictionary<string, object> { ["include_usage"] = true },
        };
        if (target.IsChat) body["messages"] = new[] { new Dictionary<string, string> { ["role"] = "user", ["content"] = request.Prompt } };
        else body["prompt"] = request.Prompt;
        if (target.IgnoreEos)
        {
            body["ignore_eos"] = true;
            body["min_tokens"] = request.OutputTokens;
        }
        return new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
    }

    // OpenAI error bodies carry {"error": {"message"}}; anything else is kept short as it is.
    private static string ErrorText(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error))
                return StreamChunk.ErrorMessage(error);
        }
        catch (JsonException) { }
        return body.Length > 300 ? body[..300] + "..." : body;
    }
}
