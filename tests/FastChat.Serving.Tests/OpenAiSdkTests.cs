#pragma warning disable OPENAI001 // seed is marked experimental in the SDK
using System.ClientModel;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;

namespace FastChat.Serving.Tests;

/// <summary>The official OpenAI .NET SDK against the running server.</summary>
[Collection(ServerCollection.Name)]
public sealed class OpenAiSdkTests(ServerFixture server)
{
    private OpenAIClient Client() => new(new ApiKeyCredential(ServerFixture.ApiKey), new OpenAIClientOptions { Endpoint = new Uri(server.BaseAddress + "/v1") });

    private ChatClient Chat() => Client().GetChatClient(ServerFixture.ModelName);

    [Fact]
    public async Task ChatCompletion_ReturnsTextAndUsage()
    {
        ChatCompletion completion = await Chat().CompleteChatAsync([new UserChatMessage("Tell me a story about a cat.")],
            new ChatCompletionOptions { MaxOutputTokenCount = 16, Temperature = 0f });
        Assert.False(string.IsNullOrEmpty(completion.Content[0].Text));
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.InRange(completion.Usage.OutputTokenCount, 1, 16);
        Assert.True(completion.Usage.InputTokenCount > 5);
        Assert.Equal(ServerFixture.ModelName, completion.Model);
    }

    [Fact]
    public async Task StreamingChat_MatchesNonStreaming_AndReportsUsage()
    {
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 24, Temperature = 0f };
        ChatCompletion whole = await Chat().CompleteChatAsync([new UserChatMessage("Once upon a time")], options);
        var text = new System.Text.StringBuilder();
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;
        await foreach (var update in Chat().CompleteChatStreamingAsync([new UserChatMessage("Once upon a time")], options))
        {
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
            usage ??= update.Usage;
            finish ??= update.FinishReason;
        }
        Assert.Equal(whole.Content[0].Text, text.ToString());
        Assert.NotNull(usage); // the SDK asks for stream_options.include_usage
        Assert.Equal(whole.Usage.OutputTokenCount, usage.OutputTokenCount);
        Assert.Equal(whole.FinishReason, finish);
    }

    [Fact]
    public async Task Seed_ReproducesSampledOutput()
    {
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 20, Temperature = 1f, Seed = 1234 };
        ChatCompletion a = await Chat().CompleteChatAsync([new UserChatMessage("Lily went to the park")], options);
        ChatCompletion b = await Chat().CompleteChatAsync([new UserChatMessage("Lily went to the park")], options);
        Assert.Equal(a.Content[0].Text, b.Content[0].Text);
    }

    [Fact]
    public async Task StopString_EndsBeforeIt()
    {
        var prompt = new UserChatMessage("Tell me a story.");
        ChatCompletion free = await Chat().CompleteChatAsync([prompt], new ChatCompletionOptions { MaxOutputTokenCount = 40, Temperature = 0f });
        var text = free.Content[0].Text;
        Assert.True(text.Length > 6, text);
        var stop = text.Substring(text.Length / 2, 3); // a string the greedy output is known to contain
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 40, Temperature = 0f };
        options.StopSequences.Add(stop);
        ChatCompletion stopped = await Chat().CompleteChatAsync([prompt], options);
        Assert.Equal(text[..text.IndexOf(stop, StringComparison.Ordinal)], stopped.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, stopped.FinishReason);
    }

    [Fact]
    public async Task Logprobs_AreReturnedWithAlternatives_AlsoWhileStreaming()
    {
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 8, Temperature = 0f, IncludeLogProbabilities = true, TopLogProbabilityCount = 3 };
        ChatCompletion completion = await Chat().CompleteChatAsync([new UserChatMessage("The dog")], options);
        Assert.NotEmpty(completion.ContentTokenLogProbabilities);
        foreach (var token in completion.ContentTokenLogProbabilities)
        {
            Assert.True(token.LogProbability <= 0);
            Assert.Equal(3, token.TopLogProbabilities.Count);
            Assert.Equal(token.LogProbability, token.TopLogProbabilities[0].LogProbability, 4); // greedy: the chosen token is the top one
        }
        var streamed = 0;
        await foreach (var update in Chat().CompleteChatStreamingAsync([new UserChatMessage("The dog")], options))
            streamed += update.ContentTokenLogProbabilities.Count;
        Assert.Equal(completion.ContentTokenLogProbabilities.Count, streamed);
    }

    [Fact]
    public async Task Embeddings_AreUnitLength()
    {
        var client = Client().GetEmbeddingClient(ServerFixture.ModelName);
        OpenAIEmbeddingCollection result = await client.GenerateEmbeddingsAsync(["a cat", "a dog"]);
        Assert.Equal(2, result.Count);
        foreach (var embedding in result)
        {
            var vector = embedding.ToFloats().ToArray();
            Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => (double)v * v)), 3);
        }
    }

    [Fact]
    public async Task Models_ListsTheServedModel()
    {
        var models = await Client().GetOpenAIModelClient().GetModelsAsync();
        Assert.Contains(models.Value, m => m.Id == ServerFixture.ModelName);
    }
}
