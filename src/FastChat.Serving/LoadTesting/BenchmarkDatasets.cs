using System.Text.Json;

namespace FastChat.Serving.LoadTesting;

/// <summary>The request sets vLLM's benchmark_serving draws from: ShareGPT conversations and random prompts.</summary>
public static class BenchmarkDatasets
{
    /// <summary>
    /// Samples ShareGPT as vLLM does: each conversation's first human turn is the prompt and the token length of the
    /// gpt answer that follows is the output length (or <paramref name="fixedOutputTokens"/>); pairs are shuffled with
    /// <paramref name="seed"/>, and a pair is skipped when its prompt or output is under 4 tokens, its prompt over
    /// 1024, or both together over <paramref name="maxTotalTokens"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a ShareGPT JSON array, or too few conversations qualify.</exception>
    public static IReadOnlyList<BenchmarkRequest> ShareGpt(string path, int count, PromptTokenizer tokenizer, int seed,
                                                           int? fixedOutputTokens = null, int maxTotalTokens = 2048)
    {
        var pairs = ReadPairs(path);
        Shuffle(pairs, new Random(seed));
        var requests = new List<BenchmarkRequest>(count);
        foreach (var (prompt, answer) in pairs)
        {
            if (requests.Count == count) break;
            var promptTokens = tokenizer.Count(prompt);
            var outputTokens = fixedOutputTokens ?? tokenizer.Count(answer);
            if (promptTokens < 4 || outputTokens < 4) continue; // too short to say anything about a server
            if (promptTokens > 1024 || promptTokens + outputTokens > maxTotalTokens) continue;
            requests.Add(new BenchmarkRequest(prompt, promptTokens, outputTokens));
        }
        if (requests.Count < count)
            throw new InvalidDataException($"{path}: only {requests.Count} of the {count} requested conversations qualify (prompt and answer of 4+ tokens, within {maxTotalTokens} tokens)");
        return requests;
    }

    /// <summary>
    /// <paramref name="count"/> random prompts of about <paramref name="inputTokens"/> tokens asking for
    /// <paramref name="outputTokens"/> tokens; with a range ratio r each length is drawn uniformly from [L(1-r), L(1+r)].
    /// </summary>
    public static IReadOnlyList<BenchmarkRequest> Random(int count, int inputTokens, int outputTokens, PromptTokenizer tokenizer, int seed, double rangeRatio = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputTokens, 1);
        if (rangeRatio is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(rangeRatio), "the range ratio lies in [0, 1)");
        var random = new Random(seed);
        int Length(int mean) => Math.Max(1, (int)Math.Round(mean * (1 - rangeRatio + 2 * rangeRatio * random.NextDouble())));
        var requests = new List<BenchmarkRequest>(count);
        for (var i = 0; i < count; i++)
        {
            var prompt = tokenizer.RandomText(random, Length(inputTokens));
            requests.Add(new BenchmarkRequest(prompt, tokenizer.Count(prompt), Length(outputTokens)));
        }
        return requests;
    }

    // (first human turn, the gpt answer after it) of every conversation that has one.
    private static List<(string Prompt, string Answer)> ReadPairs(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream);
        if (document.RootElement.ValueKind != JsonValueKind.Array) throw new InvalidDataException($"{path}: a ShareGPT file is a JSON array of conversations");
        var pairs = new List<(string, string)>();
        foreach (var record in document.RootElement.EnumerateArray())
        {
            if (record.ValueKind != JsonValueKind.Object || !record.TryGetProperty("conversations", out var turns) || turns.ValueKind != JsonValueKind.Array) continue;
            var list = turns.EnumerateArray().Select(t => (From: Text(t, "from"), Value: Text(t, "value"))).ToList();
            var human = list.FindIndex(t => t.From == "human");
            if (human >= 0 && human + 1 < list.Count && list[human + 1].From == "gpt" && list[human].Value is { } prompt && list[human + 1].Value is { } answer)
                pairs.Add((prompt, answer));
        }
        return pairs;
    }

    private static string? Text(JsonElement turn, string name) =>
        turn.ValueKind == JsonValueKind.Object && turn.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static void Shuffle<T>(List<T> items, Random random)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
