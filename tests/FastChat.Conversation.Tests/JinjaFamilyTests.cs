using FastChat.Gguf;
using FastChat.Tests;

namespace FastChat.Conversation.Tests;

/// <summary>
/// Real chat templates of eleven model families (Templates/*.jinja, and Phi-3's read from its GGUF), each rendered
/// and compared with the prompt worked out by hand from the template's text.
/// </summary>
public sealed class JinjaFamilyTests
{
    private static readonly ChatMessage[] WithSystem =
    [
        ChatMessage.System("You are a helpful assistant."),
        ChatMessage.User("Hello!"),
        ChatMessage.Assistant("Hi there!"),
        ChatMessage.User("How are you?"),
    ];

    private static readonly ChatMessage[] WithoutSystem = WithSystem[1..];

    private const string WeatherTool =
        """[{"type": "function", "function": {"name": "get_weather", "description": "Get the weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}]""";

    private static readonly ChatMessage[] ToolConversation =
    [
        ChatMessage.User("What is the weather in Paris?"),
        ChatMessage.Assistant(null, [new ToolCall("call_1", "get_weather", """{"city": "Paris"}""")]),
        ChatMessage.Tool("""{"temperature": 22}""", "call_1"),
    ];

    private static string Render(string file, IReadOnlyList<ChatMessage> messages, string bos = "", string eos = "", string? tools = null, bool generationPrompt = true) =>
        JinjaTemplate.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Templates", file)))
            .RenderChat(messages, new ChatRenderOptions { BosToken = bos, EosToken = eos, ToolsJson = tools, AddGenerationPrompt = generationPrompt });

    [Fact]
    public void Llama2PutsTheSystemPromptInsideTheFirstInstruction() =>
        Assert.Equal(
            "<s>[INST] <<SYS>>\nYou are a helpful assistant.\n<</SYS>>\n\nHello! [/INST] Hi there! </s><s>[INST] How are you? [/INST]",
            Render("llama-2.jinja", WithSystem, "<s>", "</s>"));

    [Fact]
    public void Llama2RejectsRolesThatDoNotAlternate()
    {
        var e = Assert.Throws<TemplateException>(() => Render("llama-2.jinja", [ChatMessage.User("a"), ChatMessage.User("b")], "<s>", "</s>"));
        Assert.Equal("raise_exception", e.Construct);
        Assert.Equal("Conversation roles must alternate user/assistant/user/assistant/...", e.Reason);
    }

    [Fact]
    public void Llama3TrimsContentAndOpensTheAssistantHeader() =>
        Assert.Equal(
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nYou are a helpful assistant.<|eot_id|>" +
            "<|start_header_id|>user<|end_header_id|>\n\nHello!<|eot_id|>" +
            "<|start_header_id|>assistant<|end_header_id|>\n\nHi there!<|eot_id|>" +
            "<|start_header_id|>user<|end_header_id|>\n\nHow are you?<|eot_id|>" +
            "<|start_header_id|>assistant<|end_header_id|>\n\n",
            Render("llama-3.jinja", [WithSystem[0], ChatMessage.User("  Hello!\n"), WithSystem[2], WithSystem[3]], "<|begin_of_text|>", "<|eot_id|>"));

    [Fact]
    public void Llama31PutsToolsInTheFirstUserMessageAndRendersToolCalls()
    {
        const string toolJson =
            "{\n    \"type\": \"function\",\n    \"function\": {\n        \"name\": \"get_weather\",\n        \"description\": \"Get the weather\",\n" +
            "        \"parameters\": {\n            \"type\": \"object\",\n            \"properties\": {\n                \"city\": {\n" +
            "                    \"type\": \"string\"\n                }\n            },\n            \"required\": [\n                \"city\"\n            ]\n" +
            "        }\n    }\n}";
        var expected =
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nEnvironment: ipython\nCutting Knowledge Date: December 2023\n" +
            "Today Date: 26 Jul 2024\n\nYou are a helpful assistant.<|eot_id|>" +
            "<|start_header_id|>user<|end_header_id|>\n\nGiven the following functions, please respond with a JSON for a function call " +
            "with its proper arguments that best answers the given prompt.\n\n" +
            "Respond in the format {\"name\": function name, \"parameters\": dictionary of argument name and its value}.Do not use variables.\n\n" +
            toolJson + "\n\nWhat is the weather in Paris?<|eot_id|>" +
            "<|start_header_id|>assistant<|end_header_id|>\n\n{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\"}}<|eot_id|>" +
            // A string is iterable in Jinja, so the template JSON-quotes the tool's text.
            "<|start_header_id|>ipython<|end_header_id|>\n\n\"{\\\"temperature\\\": 22}\"<|eot_id|>" +
            "<|start_header_id|>assistant<|end_header_id|>\n\n";
        Assert.Equal(expected, Render("llama-3.1.jinja", [ChatMessage.System("You are a helpful assistant."), .. ToolConversation], "<|begin_of_text|>", tools: WeatherTool));
    }

    [Fact]
    public void Llama31WithoutToolsHasNoEnvironmentLine() =>
        Assert.Equal(
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n" +
            "You are a helpful assistant.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHello!<|eot_id|>" +
            "<|start_header_id|>assistant<|end_header_id|>\n\nHi there!<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHow are you?<|eot_id|>",
            Render("llama-3.1.jinja", WithSystem, "<|begin_of_text|>", generationPrompt: false));

    [Fact]
    public void MistralWrapsUserTurnsInInst() =>
        Assert.Equal("<s>[INST] Hello! [/INST]Hi there!</s>[INST] How are you? [/INST]", Render("mistral.jinja", WithoutSystem, "<s>", "</s>"));

    [Fact]
    public void MistralRejectsASystemMessageNamingTheRaise()
    {
        var e = Assert.Throws<TemplateException>(() => Render("mistral.jinja", WithSystem, "<s>", "</s>"));
        Assert.Equal("raise_exception", e.Construct);
        Assert.Equal(1, e.Line);
    }

    [Fact]
    public void QwenChatMlWithSystem() =>
        Assert.Equal(
            "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nHello!<|im_end|>\n" +
            "<|im_start|>assistant\nHi there!<|im_end|>\n<|im_start|>user\nHow are you?<|im_end|>\n<|im_start|>assistant\n",
            Render("qwen2.5.jinja", WithSystem, eos: "<|im_end|>"));

    [Fact]
    public void QwenUsesItsDefaultSystemPromptAndRendersTools() =>
        Assert.Equal(
            "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.\n\n# Tools\n\n" +
            "You may call one or more functions to assist with the user query.\n\nYou are provided with function signatures within <tools></tools> XML tags:\n<tools>\n" +
            "{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"description\": \"Get the weather\", \"parameters\": {\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}, \"required\": [\"city\"]}}}" +
            "\n</tools>\n\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n<tool_call>\n" +
            "{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n" +
            "<|im_start|>user\nWhat is the weather in Paris?<|im_end|>\n" +
            "<|im_start|>assistant\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call><|im_end|>\n" +
            "<|im_start|>user\n<tool_response>\n{\"temperature\": 22}\n</tool_response><|im_end|>\n<|im_start|>assistant\n",
            Render("qwen2.5.jinja", ToolConversation, eos: "<|im_end|>", tools: WeatherTool));

    [Fact]
    public void GemmaCallsTheAssistantModel() =>
        Assert.Equal(
            "<bos><start_of_turn>user\nHello!<end_of_turn>\n<start_of_turn>model\nHi there!<end_of_turn>\n<start_of_turn>user\nHow are you?<end_of_turn>\n<start_of_turn>model\n",
            Render("gemma.jinja", WithoutSystem, "<bos>", "<eos>"));

    [Fact]
    public void GemmaRejectsASystemMessage() =>
        Assert.Equal("System role not supported", Assert.Throws<TemplateException>(() => Render("gemma.jinja", WithSystem, "<bos>")).Reason);

    [Fact]
    public void Phi3TemplateFromTheRealGgufFile()
    {
        using var gguf = GgufFile.Open(SharedData.Path("tokenizer", "ggml-vocab-phi-3.gguf"));
        var template = JinjaTemplate.Parse(gguf.Metadata.GetString("tokenizer.chat_template"));
        Assert.Equal(
            "<s><|user|>\nHello!<|end|>\n<|assistant|>\nHi there!<|end|>\n<|user|>\nHow are you?<|end|>\n<|assistant|>\n",
            template.RenderChat(WithSystem, new ChatRenderOptions { BosToken = "<s>", EosToken = "<|endoftext|>" }));
    }

    [Fact]
    public void DeepSeekChat() =>
        Assert.Equal(
            "<｜begin▁of▁sentence｜>You are a helpful assistant.\n\nUser: Hello!\n\nAssistant: Hi there!<｜end▁of▁sentence｜>User: How are you?\n\nAssistant:",
            Render("deepseek.jinja", WithSystem, "<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>"));

    [Fact]
    public void ZephyrKeepsTheNewlinesAfterExpressionsAndDropsThoseAfterTags() =>
        Assert.Equal(
            "<|system|>\nYou are a helpful assistant.</s>\n<|user|>\nHello!</s>\n<|assistant|>\nHi there!</s>\n<|user|>\nHow are you?</s>\n<|assistant|>\n",
            Render("zephyr.jinja", WithSystem, "<s>", "</s>"));

    [Fact]
    public void CommandR() =>
        Assert.Equal(
            "<BOS_TOKEN><|START_OF_TURN_TOKEN|><|SYSTEM_TOKEN|>You are a helpful assistant.<|END_OF_TURN_TOKEN|>" +
            "<|START_OF_TURN_TOKEN|><|USER_TOKEN|>Hello!<|END_OF_TURN_TOKEN|><|START_OF_TURN_TOKEN|><|CHATBOT_TOKEN|>Hi there!<|END_OF_TURN_TOKEN|>" +
            "<|START_OF_TURN_TOKEN|><|USER_TOKEN|>How are you?<|END_OF_TURN_TOKEN|><|START_OF_TURN_TOKEN|><|CHATBOT_TOKEN|>",
            Render("command-r.jinja", WithSystem, "<BOS_TOKEN>", "<|END_OF_TURN_TOKEN|>"));

    [Fact]
    public void VicunaWithItsDefaultSystemPromptMatchesFastChatsSystemMessage()
    {
        var rendered = Render("vicuna.jinja", WithoutSystem, "<s>", "</s>");
        Assert.Equal(ConversationTemplates.Get("vicuna_v1.1").SystemMessage + " USER: Hello! ASSISTANT: Hi there!</s> USER: How are you? ASSISTANT:", rendered);
    }

    [Fact]
    public void ChatMlWithoutGenerationPrompt() =>
        Assert.Equal(
            "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nHello!<|im_end|>\n<|im_start|>assistant\nHi there!<|im_end|>\n<|im_start|>user\nHow are you?<|im_end|>\n",
            Render("chatml.jinja", WithSystem, generationPrompt: false));

    [Fact]
    public void EveryTemplateFileParses()
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Templates"), "*.jinja");
        Assert.True(files.Length >= 11);
        foreach (var file in files) Assert.NotNull(JinjaTemplate.Parse(File.ReadAllText(file)));
    }
}
