using FastChat.Tests;
using FastChat.Serving.LoadTesting;

namespace FastChat.Serving.Tests.LoadTesting;

/// <summary>ShareGPT sampling as vLLM does it, and random prompts of the asked length, on real vocabularies.</summary>
public sealed class DatasetTests
{
    private static readonly string ShareGptPath = SharedData.Path("fastchat-data", "dummy_conversation.json");
    private static readonly PromptTokenizer Stories = PromptTokenizer.FromGguf(SharedData.Model("stories260K.gguf"));

    [Fact]
    public void ShareGpt_FirstHumanTurnAndAnswerLength_Filtered_Seeded()
    {
        var requests = BenchmarkDatasets.ShareGpt(ShareGptPath, 40, Stories, seed: 0);
        Assert.Equal(40, requests.Count);
        Assert.All(requests, r =>
        {
            Assert.Equal(Stories.Count(r.Prompt), r.PromptTokens);
            Assert.InRange(r.PromptTokens, 4, 1024);
            Assert.InRange(r.OutputTokens, 4, 2048 - r.PromptTokens);
        });
        Assert.Equal(requests, BenchmarkDatasets.ShareGpt(ShareGptPath, 40, Stories, seed: 0));
        Assert.NotEqual(requests, BenchmarkDatasets.ShareGpt(ShareGptPath, 40, Stories, seed: 1));
        Assert.All(BenchmarkDatasets.ShareGpt(ShareGptPath, 10, Stories, seed: 0, fixedOutputTokens: 32), r => Assert.Equal(32, r.OutputTokens));
    }

    [Fact]
    public void ShareGpt_TakesFirstHumanTurn_AnswerLengthAsOutput_SkipsShortPairs()
    {
        const string answer = "Once upon a time there was a little girl who liked to play in the park.";
        var path = Path.Combine(Path.GetTempPath(), $"sharegpt-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """
            [
              {"id": "a", "conversations": [{"from": "system", "value": "be nice"}, {"from": "human", "value": "Tell me a story about a girl, please."},
                                            {"from": "gpt", "value": "ANSWER"}]},
              {"id": "short", "conversations": [{"from": "human", "value": "Hi"}, {"from": "gpt", "value": "Hello there, how are you doing today?"}]},
              {"id": "unanswered", "conversations": [{"from": "human", "value": "Is anybody there at all, please?"}]},
              {"id": "bad", "conversations": "not a list"}
            ]
            """.Replace("ANSWER", answer));
        try
        {
            var request = Assert.Single(BenchmarkDatasets.ShareGpt(path, 1, Stories, seed: 0));
            Assert.Equal("Tell me a story about a girl, please.", request.Prompt);
            Assert.Equal(Stories.Count(answer), request.OutputTokens);
            Assert.Throws<InvalidDataException>(() => BenchmarkDatasets.ShareGpt(path, 2, Stories, seed: 0));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ShareGpt_TooFewQualifying_IsAnError() =>
        Assert.Throws<InvalidDataException>(() => BenchmarkDatasets.ShareGpt(ShareGptPath, 10_000, Stories, seed: 0));

    [Fact]
    public void Random_PromptsHaveTheAskedLength()
    {
        var requests = BenchmarkDatasets.Random(20, inputTokens: 50, outputTokens: 9, Stories, seed: 5);
        Assert.All(requests, r =>
        {
            Assert.Equal(9, r.OutputTokens);
            Assert.InRange(r.PromptTokens, 50, 51); // + BOS
        });
        Assert.Equal(requests, BenchmarkDatasets.Random(20, 50, 9, Stories, seed: 5));
        var ranged = BenchmarkDatasets.Random(200, 100, 100, PromptTokenizer.Estimate, seed: 1, rangeRatio: 0.5);
        Assert.All(ranged, r => Assert.InRange(r.OutputTokens, 50, 150));
        Assert.True(ranged.Select(r => r.OutputTokens).Distinct().Count() > 20);
        Assert.All(ranged, r => Assert.InRange(r.PromptTokens, 50, 150)); // estimate: 4 bytes a word, 4 bytes a token
    }
}
