using System.Text.Json;
using FastChat.Tests;

namespace FastChat.Conversation.Tests;

/// <summary>Every template against FastChat's own renderings in ../shared/golden/conv_templates_golden.jsonl.</summary>
public sealed class FastChatGoldenTests
{
    private static readonly Lazy<Dictionary<string, JsonElement>> Golden = new(() =>
        File.ReadLines(SharedData.Path("golden", "conv_templates_golden.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToDictionary(row => row.GetProperty("name").GetString()!));

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var line in File.ReadLines(SharedData.Path("golden", "conv_templates_golden.jsonl")))
            data.Add(JsonDocument.Parse(line).RootElement.GetProperty("name").GetString()!);
        return data;
    }

    [Fact]
    public void RegistryHoldsEveryGoldenTemplateInFastChatsOrder()
    {
        var goldenOrder = Golden.Value.Keys.ToList();
        Assert.Equal(102, goldenOrder.Count);
        // Other tests may register more templates after the built-ins.
        Assert.Equal(goldenOrder, ConversationTemplates.All.Take(goldenOrder.Count).Select(t => t.Name));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void FieldsMatchFastChat(string name)
    {
        var row = Golden.Value[name];
        var template = ConversationTemplates.Get(name);
        Assert.Equal(row.GetProperty("sep_style").GetString(), StyleName(template.Style));
        Assert.Equal(row.GetProperty("roles").EnumerateArray().Select(r => r.GetString()), template.Roles);
        Assert.Equal(row.GetProperty("system_template").GetString(), template.SystemTemplate);
        Assert.Equal(row.GetProperty("system_message").GetString(), template.SystemMessage);
        Assert.Equal(row.GetProperty("sep").GetString(), template.Sep);
        Assert.Equal(row.GetProperty("sep2").GetString(), template.Sep2);
        Assert.Equal(row.GetProperty("offset").GetInt32(), template.Offset);
        var stop = row.GetProperty("stop_str");
        string[] expectedStops = stop.ValueKind switch
        {
            JsonValueKind.Null => [],
            JsonValueKind.String => [stop.GetString()!],
            _ => [.. stop.EnumerateArray().Select(s => s.GetString()!)],
        };
        Assert.Equal(expectedStops, template.StopStrings);
        var ids = row.GetProperty("stop_token_ids");
        Assert.Equal(ids.ValueKind == JsonValueKind.Null ? null : ids.EnumerateArray().Select(i => i.GetInt32()).ToArray(), template.StopTokenIds?.ToArray());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void PromptsMatchFastChatByteForByte(string name)
    {
        var row = Golden.Value[name];
        var open = TwoTurns(name, closing: null);
        var closed = TwoTurns(name, closing: "I am fine.");
        if (row.TryGetProperty("prompt_2turn_open_error", out var error))
        {
            // FastChat raises ValueError('Invalid style: None') for API-only templates; so do we.
            Assert.Contains("Invalid style: None", error.GetString());
            Assert.Contains("Invalid style: None", Assert.Throws<InvalidOperationException>(open.GetPrompt).Message);
            Assert.Contains("Invalid style: None", Assert.Throws<InvalidOperationException>(closed.GetPrompt).Message);
            return;
        }
        Assert.Equal(row.GetProperty("prompt_2turn_open").GetString(), open.GetPrompt());
        Assert.Equal(row.GetProperty("prompt_2turn_closed").GetString(), closed.GetPrompt());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void OpenAiMessagesMatchFastChat(string name)
    {
        var expected = Golden.Value[name].GetProperty("openai_messages").EnumerateArray()
            .Select(m => new ChatMessage(m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()))
            .ToList();
        Assert.Equal(expected, TwoTurns(name, "I am fine.").ToOpenAiMessages());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void OpenAiMessagesConvertBackToTheSamePrompt(string name)
    {
        var row = Golden.Value[name];
        if (!row.TryGetProperty("prompt_2turn_open", out var open)) return; // API-only template: no prompt to compare
        var messages = TwoTurns(name, "I am fine.").ToOpenAiMessages().SkipLast(1).ToList();
        var conversation = Conversation.FromOpenAiMessages(ConversationTemplates.Get(name), messages);
        Assert.Equal(open.GetString(), conversation.GetPrompt());
        Assert.Equal(open.GetString(), new FastChatChatTemplate(ConversationTemplates.Get(name)).Render(messages));
    }

    private static Conversation TwoTurns(string name, string? closing)
    {
        var conversation = ConversationTemplates.Get(name).CreateConversation();
        conversation.AppendMessage(conversation.Roles[0], "Hello!");
        conversation.AppendMessage(conversation.Roles[1], "Hi!");
        conversation.AppendMessage(conversation.Roles[0], "How are you?");
        conversation.AppendMessage(conversation.Roles[1], closing);
        return conversation;
    }

    private static string? StyleName(SeparatorStyle? style) => style switch
    {
        null => null,
        SeparatorStyle.AddColonSingle => "ADD_COLON_SINGLE",
        SeparatorStyle.AddColonTwo => "ADD_COLON_TWO",
        SeparatorStyle.AddColonSpaceSingle => "ADD_COLON_SPACE_SINGLE",
        SeparatorStyle.NoColonSingle => "NO_COLON_SINGLE",
        SeparatorStyle.NoColonTwo => "NO_COLON_TWO",
        SeparatorStyle.AddNewLineSingle => "ADD_NEW_LINE_SINGLE",
        SeparatorStyle.Llama2 => "LLAMA2",
        SeparatorStyle.Llama3 => "LLAMA3",
        SeparatorStyle.ChatGlm => "CHATGLM",
        SeparatorStyle.ChatMl => "CHATML",
        SeparatorStyle.ChatIntern => "CHATINTERN",
        SeparatorStyle.Dolly => "DOLLY",
        SeparatorStyle.Rwkv => "RWKV",
        SeparatorStyle.Phoenix => "PHOENIX",
        SeparatorStyle.Robin => "ROBIN",
        SeparatorStyle.FalconChat => "FALCON_CHAT",
        SeparatorStyle.ChatGlm3 => "CHATGLM3",
        SeparatorStyle.DeepSeekChat => "DEEPSEEK_CHAT",
        SeparatorStyle.MetaMath => "METAMATH",
        SeparatorStyle.Yuan2 => "YUAN2",
        SeparatorStyle.Gemma => "GEMMA",
        SeparatorStyle.Cllm => "CLLM",
        SeparatorStyle.Default => "DEFAULT",
        _ => throw new ArgumentOutOfRangeException(nameof(style)),
    };
}
