namespace FastChat.Conversation.Tests;

/// <summary>FastChat's adapter rules: which template a model name or path gets, in priority order.</summary>
public sealed class ModelAdapterTests
{
    [Theory]
    [InlineData("lmsys/vicuna-7b-v1.5", "VicunaAdapter", "vicuna_v1.1")]
    [InlineData("/models/vicuna-13b-v0", "VicunaAdapter", "one_shot")]
    [InlineData("TheBloke/stable-vicuna-13B-HF", "StableVicunaAdapter", "stable-vicuna")]
    [InlineData("jondurbin/airoboros-l2-70b-3.1.2", "AiroborosAdapter", "airoboros_v3")]
    [InlineData("jondurbin/airoboros-l2-13b-2.2.1", "AiroborosAdapter", "airoboros_v2")]
    [InlineData("jondurbin/airoboros-7b", "AiroborosAdapter", "airoboros_v1")]
    [InlineData("THUDM/chatglm2-6b", "ChatGLMAdapter", "chatglm2")]
    [InlineData("THUDM/chatglm3-6b", "ChatGLMAdapter", "chatglm3")]
    [InlineData("meta-llama/Llama-2-7b-chat-hf", "Llama2Adapter", "llama-2")]
    [InlineData("meta-llama/Meta-Llama-3-8B-Instruct", "Llama3Adapter", "llama-3")]
    [InlineData("mistralai/Mistral-7B-Instruct-v0.2", "MistralAdapter", "mistral")]
    [InlineData("mistralai/Mixtral-8x7B-Instruct-v0.1", "MistralAdapter", "mistral")]
    [InlineData("Open-Orca/Mistral-7B-OpenOrca", "OpenOrcaAdapter", "mistral-7b-openorca")]
    [InlineData("ehartford/dolphin-2.2.1-mistral-7b", "DolphinAdapter", "dolphin-2.2.1-mistral-7b")]
    [InlineData("teknium/OpenHermes-2.5-Mistral-7B", "Hermes2Adapter", "OpenHermes-2.5-Mistral-7B")]
    [InlineData("Qwen/Qwen2.5-7B-Instruct", "QwenChatAdapter", "qwen-7b-chat")]
    [InlineData("google/gemma-7b-it", "GemmaAdapter", "gemma")]
    [InlineData("HuggingFaceH4/zephyr-7b-beta", "ZephyrAdapter", "zephyr")]
    [InlineData("TinyLlama/TinyLlama-1.1B-Chat-v1.0", "TinyLlamaAdapter", "TinyLlama")]
    [InlineData("deepseek-ai/deepseek-llm-67b-chat", "DeepseekChatAdapter", "deepseek-chat")]
    [InlineData("deepseek-ai/deepseek-coder-6.7b-instruct", "DeepseekCoderAdapter", "deepseek-coder")]
    [InlineData("Phind/Phind-CodeLlama-13B-v2", "PhindCodeLlamaAdapter", "phind")]
    [InlineData("codellama/CodeLlama-7b-Instruct-hf", "CodeLlamaAdapter", "llama-2")]
    // FastChat's order has Llama3Adapter ("llama-3") before CodeLlamaAdapter, so "codellama-34b" reads as Llama 3 there too.
    [InlineData("codellama/CodeLlama-34b-Instruct-hf", "Llama3Adapter", "llama-3")]
    [InlineData("01-ai/Yi-34B-Chat", "YiAdapter", "Yi-34b-chat")]
    [InlineData("tiiuae/falcon-180B-chat", "FalconChatAdapter", "falcon-chat")]
    [InlineData("tiiuae/falcon-40b", "FalconAdapter", "falcon")]
    [InlineData("baichuan-inc/Baichuan2-13B-Chat", "BaichuanAdapter", "baichuan2-chat")]
    [InlineData("BAAI/AquilaChat2-34B", "AquilaChatAdapter", "aquila-legacy")]
    [InlineData("liuhaotian/llava-v1.6-34b", "LlavaAdapter", "llava-chatml")]
    [InlineData("gpt-4-turbo-2024-04-09", "ChatGPTAdapter", "gpt-4-turbo-2024-04-09")]
    [InlineData("gpt-3.5-turbo", "ChatGPTAdapter", "chatgpt")]
    [InlineData("claude-3-opus-20240229", "ClaudeAdapter", "claude-3-opus-20240229")]
    [InlineData("gemini-1.5-pro", "GeminiAdapter", "gemini-1.5-pro")]
    [InlineData("command-r", "CohereAdapter", "api_based_default")]
    [InlineData("stories260K", "BaseModelAdapter", "one_shot")]
    public void MatchesAsFastChat(string model, string adapter, string template) =>
        Assert.Equal(new ModelAdapterMatch(adapter, template), ModelAdapters.Match(model));

    [Fact]
    public void MatchingIgnoresCase() =>
        Assert.Equal(ModelAdapters.Match("meta-llama/llama-2-7b-chat-hf"), ModelAdapters.Match("META-LLAMA/LLAMA-2-7B-CHAT-HF"));

    [Fact]
    public void TheLastPathComponentWinsOverFolderNames()
    {
        // The folder says vicuna, the file is a Llama-2 chat model: FastChat tries the basename first.
        Assert.Equal("llama-2", ModelAdapters.MatchTemplate("/models/vicuna-experiments/llama-2-7b-chat.Q4_K_M.gguf"));
        // A basename nothing matches falls back to the whole path.
        Assert.Equal("vicuna_v1.1", ModelAdapters.MatchTemplate("/models/vicuna-13b/ggml-model-q4_0.gguf"));
    }

    [Fact]
    public void UnknownModelsGetTheDefaultAdapter()
    {
        var match = ModelAdapters.Match("my-own-model");
        Assert.True(match.IsDefault);
        Assert.Equal(ModelAdapters.DefaultTemplateName, match.TemplateName);
    }

    [Fact]
    public void EveryTemplateAnAdapterCanChooseIsRegistered()
    {
        string[] probes =
        [
            "stable-vicuna", "vicuna", "vicuna-v0", "airoboros-3.1", "spicyboros", "airoboros", "longchat", "flan-t5", "koala", "alpaca",
            "chatglm", "chatglm2", "chatglm3", "codegeex", "dolly-v2", "oasst-pythia", "oasst-llama", "openchat-3.5", "tenyxchat", "stablelm",
            "baize", "rwkv-4", "openbuddy", "phoenix", "bard", "palm-2", "gemini", "gemma", "gpt-4-turbo-browsing", "azure-gpt-4",
            "claude-2", "claude-3-haiku-20240307", "claude-3-sonnet-20240229", "claude-3-5-sonnet-20240620", "mpt-7b-chat", "mpt-30b-chat",
            "mpt-30b-instruct", "mpt", "billa", "redpajama-incite", "h2ogpt", "robin", "gpt4all-snoozy", "wizardlm-13b", "wizardlm-7b",
            "manticore", "guanaco", "camel", "polyglot-chang", "tulu", "tigerbot", "baichuan", "baichuan-chat", "xgen", "pythia", "internlm",
            "starchat", "cutegpt", "openorca", "nous-hermes-2-mixtral-8x7b-dpo", "nous-hermes", "wizardcoder", "aquilachat2-16k",
            "aquilachat2-7b", "aquilachat", "bge", "e5-large", "llama2-chinese", "chinese-alpaca", "vigogne", "vigogne-chat", "vigostral-chat",
            "open-llama-open-instruct", "realm", "llama2-ko-chang", "notus", "catppt", "xwin-lm", "lemur-70b-chat", "pygmalion", "orca-2",
            "xdan-v1", "pplx-7b-online", "yuan2", "metamath", "bagel", "solar-instruct", "steerlm-chat", "llava", "yuan", "olmo", "dbrx-instruct",
            "yandexgpt", "consistency-llm", "reka", "smaug",
        ];
        foreach (var probe in probes)
        {
            var match = ModelAdapters.Match(probe);
            Assert.False(match.IsDefault, probe);
            Assert.True(ConversationTemplates.TryGet(match.TemplateName, out _), $"{probe} -> {match.TemplateName}");
        }
    }
}
