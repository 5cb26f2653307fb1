using System.Text.Json;
using FastChat.Tests;

namespace FastChat.Cli.Tests;

/// <summary>`fastchat inspect` reports the chat template the server would use and where it came from.</summary>
public sealed class InspectTemplateTests
{
    [Fact]
    public void AGgufWithAChatTemplateUsesIt()
    {
        var (exit, output, error) = CliRunner.Run("inspect", SharedData.Path("tokenizer", "ggml-vocab-phi-3.gguf"), "--json");
        Assert.True(exit == 0, error);
        var choice = JsonDocument.Parse(output).RootElement.GetProperty("chat_template_choice");
        Assert.Equal("gguf-jinja", choice.GetProperty("source").GetString());
        Assert.Equal("gguf:tokenizer.chat_template", choice.GetProperty("name").GetString());
    }

    [Fact]
    public void AnExplicitNameOverridesTheModelsTemplate()
    {
        var (exit, output, error) = CliRunner.Run("inspect", SharedData.Path("tokenizer", "ggml-vocab-phi-3.gguf"), "--chat-template", "vicuna_v1.1");
        Assert.True(exit == 0, error);
        Assert.Contains("chat template: vicuna_v1.1 (source: explicit;", output);
    }

    [Fact]
    public void AModelWithoutATemplateFallsBackToFastChatsRules()
    {
        var (exit, output, error) = CliRunner.Run("inspect", SharedData.Model("stories260K.gguf"), "--json");
        Assert.True(exit == 0, error);
        var choice = JsonDocument.Parse(output).RootElement.GetProperty("chat_template_choice");
        Assert.Equal("default", choice.GetProperty("source").GetString());
        Assert.Equal("one_shot", choice.GetProperty("name").GetString());
    }

    [Fact]
    public void AnUnknownTemplateNameFails()
    {
        var (exit, _, error) = CliRunner.Run("inspect", SharedData.Model("stories260K.gguf"), "--chat-template", "no-such-template");
        Assert.NotEqual(0, exit);
        Assert.Contains("no-such-template", error);
    }
}
