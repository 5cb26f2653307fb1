using FastChat.Engine.Generation;
using FastChat.Engine.Sampling;

namespace FastChat.Engine.Tests.Scheduling;

/// <summary>Prompts and helpers shared by the scheduler tests.</summary>
internal static class SchedulerTestKit
{
    /// <summary>Long enough for a bug to fail a test, short enough that a hang does not stall CI.</summary>
    public static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);

    private static readonly string[] Openings =
    [
        "Once upon a time, there was a little girl named Lily.",
        "Tom had a big red ball.",
        "One day, a cat saw a bird in the tree.",
        "The sun was hot and the sky was blue.",
        "Sam and his mom went to the park to play.",
        "There was a small dog who liked to run.",
        "Anna found a shiny box under her bed.",
        "The boy wanted to eat a cake.",
    ];

    /// <summary>Sixteen different prompts of different lengths (one to four sentences).</summary>
    public static IReadOnlyList<string> SixteenPrompts() =>
        [.. Enumerable.Range(0, 16).Select(i => string.Join(" ", Enumerable.Range(0, 1 + i % 4).Select(k => Openings[(i + 3 * k) % Openings.Length])))];

    /// <summary>A prompt of many sentences (a few hundred tokens): several prefill chunks at a small token budget.</summary>
    public static string LongPrompt(int sentences = 30) =>
        string.Join(" ", Enumerable.Range(0, sentences).Select(i => Openings[(i * 5) % Openings.Length]));

    public static GenerationOptions Greedy(int maxTokens, bool ignoreEos = false) =>
        new() { MaxTokens = maxTokens, Sampling = SamplingOptions.Greedy, IgnoreEos = ignoreEos };

    /// <summary>Reads a stream to its end, failing the test instead of hanging.</summary>
    public static async Task<List<GenerationChunk>> CollectAsync(IAsyncEnumerable<GenerationChunk> stream)
    {
        var chunks = new List<GenerationChunk>();
        await ReadAsync(stream, chunks).WaitAsync(TestTimeout);
        return chunks;
    }

    public static int[] TokenIds(IEnumerable<GenerationChunk> chunks) => [.. chunks.Where(c => c.TokenId >= 0).Select(c => c.TokenId)];

    /// <summary>Polls <paramref name="condition"/> (state the compute thread updates) until it holds or the timeout passes.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TestTimeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for the scheduler.");
            await Task.Delay(5);
        }
    }

    private static async Task ReadAsync(IAsyncEnumerable<GenerationChunk> stream, List<GenerationChunk> into)
    {
        await foreach (var chunk in stream) into.Add(chunk);
    }
}
