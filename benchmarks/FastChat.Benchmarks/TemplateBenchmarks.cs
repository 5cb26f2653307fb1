using BenchmarkDotNet.Attributes;
using FastChat.Conversation;

namespace FastChat.Benchmarks;

/// <summary>
/// Cost of turning a 10-message chat (system + 9 alternating turns, ~60 characters each) into a prompt: FastChat's
/// separator styles (Llama-2, ChatML) and the managed Jinja renderer on Llama-3's and Qwen 2.5's real templates
/// (parsed once and cached, as the server does). Should be microseconds per render.
/// </summary>
[MemoryDiagnoser]
public class TemplateBenchmarks
{
    private const string Llama3Jinja =
        "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = '<|start_header_id|>' + message['role'] + " +
        "'<|end_header_id|>\\n\\n'+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}" +
        "{% endif %}{{ content }}{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}";

    private const string QwenJinja = """
        {%- if messages[0]['role'] == 'system' %}
            {{- '<|im_start|>system\n' + messages[0]['content'] + '<|im_end|>\n' }}
        {%- else %}
            {{- '<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n' }}
        {%- endif %}
        {%- for message in messages %}
            {%- if (message.role == "user") or (message.role == "system" and not loop.first) or (message.role == "assistant" and not message.tool_calls) %}
                {{- '<|im_start|>' + message.role + '\n' + message.content + '<|im_end|>' + '\n' }}
            {%- endif %}
        {%- endfor %}
        {%- if add_generation_prompt %}
            {{- '<|im_start|>assistant\n' }}
        {%- endif %}
        """;

    private ChatMessage[] _messages = [];
    private IChatTemplate _fastChatLlama2 = null!;
    private IChatTemplate _fastChatChatMl = null!;
    private IChatTemplate _jinjaLlama3 = null!;
    private IChatTemplate _jinjaQwen = null!;

    [GlobalSetup]
    public void Setup()
    {
        _messages = [ChatMessage.System("You are a helpful assistant. Answer briefly and accurately.")];
        for (var i = 0; i < 9; i++)
            _messages = [.. _messages, i % 2 == 0
                ? ChatMessage.User($"Question number {i}: what is the capital city of country {i}, and why?")
                : ChatMessage.Assistant($"Answer number {i}: the capital is City {i}, chosen for its history.")];
        _fastChatLlama2 = new FastChatChatTemplate(ConversationTemplates.Get("llama-2"));
        _fastChatChatMl = new FastChatChatTemplate(ConversationTemplates.Get("qwen-7b-chat"));
        _jinjaLlama3 = new JinjaChatTemplate("llama-3", JinjaTemplate.Parse(Llama3Jinja), "<|begin_of_text|>", "<|eot_id|>");
        _jinjaQwen = new JinjaChatTemplate("qwen2.5", JinjaTemplate.Parse(QwenJinja), "", "<|im_end|>");
        Console.WriteLine($"// prompt lengths: llama-2 {FastChatLlama2()}, chatml {FastChatChatMl()}, jinja llama-3 {JinjaLlama3()}, jinja qwen {JinjaQwen()} chars");
    }

    [Benchmark(Baseline = true)]
    public int FastChatLlama2() => _fastChatLlama2.Render(_messages).Length;

    [Benchmark]
    public int FastChatChatMl() => _fastChatChatMl.Render(_messages).Length;

    [Benchmark]
    public int JinjaLlama3() => _jinjaLlama3.Render(_messages).Length;

    [Benchmark]
    public int JinjaQwen() => _jinjaQwen.Render(_messages).Length;
}
