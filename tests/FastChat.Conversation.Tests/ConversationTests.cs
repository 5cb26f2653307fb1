namespace FastChat.Conversation.Tests;

/// <summary>The mutable conversation: appending, streaming updates, system overrides, copies and conversions.</summary>
public sealed class ConversationTests
{
    [Fact]
    public void UpdateLastMessageFillsTheOpenTurn()
    {
        var conversation = ConversationTemplates.Get("vicuna_v1.1").CreateConversation();
        conversation.AppendMessage("USER", "Hi");
        conversation.AppendMessage("ASSISTANT", null);
        Assert.EndsWith("USER: Hi ASSISTANT:", conversation.GetPrompt());
        conversation.UpdateLastMessage("Hello");
        Assert.EndsWith("USER: Hi ASSISTANT: Hello</s>", conversation.GetPrompt());
    }

    [Fact]
    public void ASystemMessageReplacesTheDefaultInsideTheSystemTemplate()
    {
        var conversation = Conversation.FromOpenAiMessages(ConversationTemplates.Get("llama-2"), [ChatMessage.System("Be brief."), ChatMessage.User("Hi")]);
        Assert.Equal("[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHi [/INST]", conversation.GetPrompt());
        Assert.Equal([ChatMessage.System("Be brief."), ChatMessage.User("Hi")], conversation.ToOpenAiMessages());
    }

    [Fact]
    public void CopiesAreIndependent()
    {
        var original = ConversationTemplates.Get("qwen-7b-chat").CreateConversation();
        original.AppendMessage(original.Roles[0], "one");
        var copy = original.Copy();
        copy.AppendMessage(copy.Roles[1], "two");
        copy.SystemMessage = "changed";
        Assert.Single(original.Messages);
        Assert.Equal("You are a helpful assistant.", original.SystemMessage);
        Assert.Equal(2, copy.Messages.Count);
    }

    [Fact]
    public void PresetFewShotTurnsStayOutOfOpenAiMessages()
    {
        var conversation = ConversationTemplates.Get("baize").CreateConversation();
        Assert.Equal(2, conversation.Messages.Count);
        conversation.AppendMessage("[|Human|]", "Question");
        Assert.Equal([ChatMessage.System(conversation.SystemMessage), ChatMessage.User("Question")], conversation.ToOpenAiMessages());
    }

    [Fact]
    public void ToolMessagesCannotBeExpressedInFastChatTemplates() =>
        Assert.Throws<ArgumentException>(() => Conversation.FromOpenAiMessages(ConversationTemplates.Get("vicuna_v1.1"), [ChatMessage.Tool("42")]));

    [Fact]
    public void BracesInTheSystemTemplateFollowPythonFormat()
    {
        var template = new ConversationTemplate("braces-test", SeparatorStyle.AddColonSingle) { SystemTemplate = "{{x}} {system_message} }}", SystemMessage = "{kept}" };
        Assert.Equal("{x} {kept} }\nASSISTANT:", Conversation.FromOpenAiMessages(template, []).GetPrompt());
        Assert.Throws<FormatException>(() => Conversation.FromOpenAiMessages(template with { SystemTemplate = "{other}" }, []).GetPrompt());
    }

    [Fact]
    public void RegisteringANameTwiceNeedsOverride()
    {
        var name = "test-template-" + Guid.NewGuid();
        ConversationTemplates.Register(new ConversationTemplate(name, SeparatorStyle.ChatMl));
        Assert.Throws<InvalidOperationException>(() => ConversationTemplates.Register(new ConversationTemplate(name, SeparatorStyle.ChatMl)));
        ConversationTemplates.Register(new ConversationTemplate(name, SeparatorStyle.Default), @override: true);
        Assert.Equal(SeparatorStyle.Default, ConversationTemplates.Get(name).Style);
        Assert.Throws<KeyNotFoundException>(() => ConversationTemplates.Get("no-such-template"));
    }
}
