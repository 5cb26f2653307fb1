namespace FastChat.Conversation.Tests;

/// <summary>Choice order: explicit name, then the GGUF's Jinja template, then FastChat's adapter, then the default.</summary>
public sealed class ChatTemplateSelectorTests
{
    private const string ChatMl = "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";

    [Fact]
    public void AnExplicitNameWinsOverEverything()
    {
        var template = ChatTemplateSelector.Select("zephyr", ChatMl, "Llama-2-7b-chat", out var source);
        Assert.Equal(ChatTemplateSource.Explicit, source);
        Assert.Equal("zephyr", template.Name);
    }

    [Fact]
    public void TheGgufTemplateWinsOverTheAdapter()
    {
        var selection = ChatTemplateSelector.Select(null, ChatMl, "Llama-2-7b-chat", "<s>", "</s>");
        Assert.Equal(ChatTemplateSource.GgufJinja, selection.Source);
        Assert.Equal("gguf-jinja", selection.SourceName);
        Assert.Equal("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", selection.Template.Render([ChatMessage.User("Hi")]));
        Assert.Equal(["</s>"], selection.Template.StopStrings);
    }

    [Fact]
    public void AnUnparsableGgufTemplateFallsBackToTheAdapterAndSaysWhy()
    {
        var selection = ChatTemplateSelector.Select(null, "{% call x() %}{% endcall %}", "Llama-2-7b-chat");
        Assert.Equal(ChatTemplateSource.FastChatAdapter, selection.Source);
        Assert.Equal("llama-2", selection.Template.Name);
        Assert.Contains("tag 'call'", selection.Detail);
        Assert.Contains("Llama2Adapter", selection.Detail);
    }

    [Fact]
    public void WithNothingToGoOnTheDefaultIsChosen()
    {
        Assert.Equal(ChatTemplateSource.Default, ChatTemplateSelector.Select(null, null, "stories260K").Source);
        var fallback = ChatTemplateSelector.Select(null, "", null);
        Assert.Equal(ChatTemplateSource.Default, fallback.Source);
        Assert.Equal(ModelAdapters.DefaultTemplateName, fallback.Template.Name);
    }

    [Fact]
    public void AnUnknownExplicitNameIsAnError() =>
        Assert.Throws<KeyNotFoundException>(() => ChatTemplateSelector.Select("no-such-template", null, null));
}
