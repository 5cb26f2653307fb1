using FastChat.Gguf;
using FastChat.Serving.Hosting;
using FastChat.Tests;

namespace FastChat.Serving.Tests;

/// <summary>
/// The served chat prompt comes from the model's own GGUF Jinja template when it has one (a ChatML template
/// written into a copy of stories260K), and from an explicitly named FastChat template when one is given.
/// </summary>
public sealed class ChatTemplateSelectionTests : IAsyncLifetime
{
    private const string ChatMl =
        "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}" +
        "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"fastchat-chatml-{Guid.NewGuid():N}.gguf");

    public Task InitializeAsync()
    {
        using var source = GgufFile.Open(SharedData.Model("stories260K.gguf"));
        var writer = GgufWriter.CopyOf(source);
        writer.Metadata.Set("tokenizer.chat_template", GgufValue.String(ChatMl));
        writer.WriteFile(_path);
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(null, "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n")]
    [InlineData("vicuna_v1.1", "Be brief. USER: Hi ASSISTANT:")]
    public async Task PromptFollowsTheSelectedTemplate(string? explicitTemplate, string expectedPrompt)
    {
        await using var model = ServedModel.Load(_path, "chatml-stories");
        await using var app = ServingApplications.CreateModelServer(["http://127.0.0.1:0"], model.Service, "chatml-stories",
                                                                    templateName: explicitTemplate, logging: ServerFixture.Quiet);
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.BoundAddress()) };
        var body = new { messages = new[] { new { role = "system", content = "Be brief." }, new { role = "user", content = "Hi" } } };
        var response = await client.PostJsonAsync("/worker_apply_chat_template", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal(expectedPrompt, (await response.JsonAsync()).GetProperty("prompt").GetString());

        // And the OpenAI route generates through it.
        var chat = await client.PostJsonAsync("/v1/chat/completions",
            new { model = "chatml-stories", max_tokens = 4, temperature = 0, messages = new[] { new { role = "user", content = "Hi" } } });
        Assert.True(chat.IsSuccessStatusCode, await chat.Content.ReadAsStringAsync());
        await app.StopAsync();
    }

    public Task DisposeAsync()
    {
        File.Delete(_path);
        return Task.CompletedTask;
    }
}
