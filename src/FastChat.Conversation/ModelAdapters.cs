using System.Text.RegularExpressions;

namespace FastChat.Conversation;

/// <summary>The adapter that matched a model and the template it chose.</summary>
/// <param name="AdapterName">FastChat's adapter class name, e.g. <c>VicunaAdapter</c>; <c>BaseModelAdapter</c> when none matched.</param>
/// <param name="TemplateName">The conversation template the adapter picks for that model.</param>
public sealed record ModelAdapterMatch(string AdapterName, string TemplateName)
{
    /// <summary>True when no specific adapter matched and FastChat's base adapter's default applies.</summary>
    public bool IsDefault => AdapterName == ModelAdapters.BaseAdapterName;
}

/// <summary>
/// FastChat's model adapters (fastchat/model/model_adapter.py) reduced to what chooses a conversation template:
/// ordered rules, the first match wins, tried on the path's last component first and then on the whole path, as
/// FastChat's <c>get_model_adapter</c> does. Matching is case-insensitive throughout (FastChat compares a few
/// names, e.g. the OpenAI and Anthropic model lists, exactly).
/// </summary>
public static class ModelAdapters
{
    /// <summary>The name reported when no adapter matches.</summary>
    public const string BaseAdapterName = "BaseModelAdapter";

    /// <summary>The template FastChat's base adapter gives unknown models.</summary>
    public const string DefaultTemplateName = "one_shot";

    private static readonly HashSet<string> OpenAiModels = new(StringComparer.OrdinalIgnoreCase)
    {
        "gpt-3.5-turbo", "gpt-3.5-turbo-0301", "gpt-3.5-turbo-0613", "gpt-3.5-turbo-1106", "gpt-3.5-turbo-0125",
        "gpt-4", "gpt-4-0314", "gpt-4-0613", "gpt-4-turbo", "gpt-4-1106-preview", "gpt-4-0125-preview",
        "gpt-4-turbo-browsing", "gpt-4-turbo-2024-04-09", "gpt2-chatbot", "im-also-a-good-gpt2-chatbot",
        "im-a-good-gpt2-chatbot", "gpt-4o-2024-05-13",
    };

    private static readonly HashSet<string> AnthropicModels = new(StringComparer.OrdinalIgnoreCase)
    {
        "claude-1", "claude-2", "claude-2.0", "claude-2.1", "claude-3-haiku-20240307", "claude-3-haiku-20240307-vertex",
        "claude-3-sonnet-20240229", "claude-3-sonnet-20240229-vertex", "claude-3-5-sonnet-20240620",
        "claude-3-opus-20240229", "claude-instant-1", "claude-instant-1.2",
    };

    private static readonly Regex Airoboros = new("airoboros|spicyboros", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex AiroborosV2 = new(@"-(2\.[2-9]+)", RegexOptions.CultureInvariant);
    private static readonly Regex Vigogne = new("vigogne|vigostral", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex Pygmalion = new("pygmalion|mythalion|metharme", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private sealed record Rule(string Adapter, Func<string, bool> Match, Func<string, string> Template);

    // FastChat's registration order: the one registered earlier has the higher priority. Paths are lower-cased
    // before matching. (PeftModelAdapter, which reads the adapter's config from disk, has no counterpart.)
    private static readonly Rule[] Rules =
    [
        new("StableVicunaAdapter", p => p.Contains("stable-vicuna"), _ => "stable-vicuna"),
        new("VicunaAdapter", p => p.Contains("vicuna"), p => LastComponent(p).Contains("v0") ? "one_shot" : "vicuna_v1.1"),
        new("AiroborosAdapter", p => Airoboros.IsMatch(p),
            p => p.Contains("-3.") || p.Contains("-3p") ? "airoboros_v3"
                : p.Contains("spicyboros") || AiroborosV2.IsMatch(p) ? "airoboros_v2" : "airoboros_v1"),
        new("LongChatAdapter", p => p.Contains("longchat"), _ => "vicuna_v1.1"),
        new("GoogleT5Adapter", p => p.Contains("flan-") || p.Contains("fastchat-t5") || p.Contains("codet5p"), _ => DefaultTemplateName),
        new("KoalaAdapter", p => p.Contains("koala"), _ => "koala_v1"),
        new("AlpacaAdapter", p => p.Contains("alpaca"), _ => "alpaca"),
        new("ChatGLMAdapter", p => p.Contains("chatglm"), p => p.Contains("chatglm2") ? "chatglm2" : p.Contains("chatglm3") ? "chatglm3" : "chatglm"),
        new("CodeGeexAdapter", p => p.Contains("codegeex"), _ => "codegeex"),
        new("DollyV2Adapter", p => p.Contains("dolly-v2"), _ => "dolly_v2"),
        new("OasstPythiaAdapter", p => p.Contains("oasst") && p.Contains("pythia"), _ => "oasst_pythia"),
        new("OasstLLaMAAdapter", p => p.Contains("openassistant-sft-7-llama-30b-hf") || (p.Contains("oasst") && !p.Contains("pythia")), _ => "oasst_llama"),
        new("OpenChat35Adapter", p => (p.Contains("openchat") && p.Contains("3.5")) || p.Contains("starling-lm"), _ => "openchat_3.5"),
        new("TenyxChatAdapter", p => p.Contains("tenyxchat"), _ => "tenyxchat"),
        new("StableLMAdapter", p => p.Contains("stablelm"), _ => "stablelm"),
        new("BaizeAdapter", p => p.Contains("baize"), _ => "baize"),
        new("RwkvAdapter", p => p.Contains("rwkv-4"), _ => "rwkv"),
        new("OpenBuddyAdapter", p => p.Contains("openbuddy"), _ => "openbuddy"),
        new("PhoenixAdapter", p => p.Contains("phoenix"), _ => "phoenix"),
        new("BardAdapter", p => p == "bard", _ => "bard"),
        new("PaLM2Adapter", p => p == "palm-2", _ => "bard"),
        new("GeminiAdapter", p => p.Contains("gemini") || p.Contains("bard"), p => p.Contains("gemini-1.5-pro") ? "gemini-1.5-pro" : "gemini"),
        new("GemmaAdapter", p => p.Contains("gemma"), _ => "gemma"),
        new("ChatGPTAdapter", OpenAiModels.Contains,
            p => p.Contains("browsing") ? "api_based_default"
                : p.Contains("gpt-4-turbo-2024-04-09") || p.Contains("gpt2-chatbot") || p.Contains("gpt-4o") ? "gpt-4-turbo-2024-04-09" : "chatgpt"),
        new("AzureOpenAIAdapter", p => p is "azure-gpt-35-turbo" or "azure-gpt-4", _ => "chatgpt"),
        new("ClaudeAdapter", AnthropicModels.Contains,
            p => p.Contains("claude-3-haiku") ? "claude-3-haiku-20240307"
                : p.Contains("claude-3-sonnet") ? "claude-3-sonnet-20240229"
                : p.Contains("claude-3-5-sonnet") ? "claude-3-5-sonnet-20240620"
                : p.Contains("claude-3-opus") ? "claude-3-opus-20240229" : "claude"),
        new("MPTAdapter", p => p.Contains("mpt") && !p.Contains("airoboros"),
            p => p.Contains("mpt-7b-chat") ? "mpt-7b-chat" : p.Contains("mpt-30b-chat") ? "mpt-30b-chat"
                : p.Contains("mpt-30b-instruct") ? "mpt-30b-instruct" : "zero_shot"),
        new("BiLLaAdapter", p => p.Contains("billa"), _ => "billa"),
        new("RedPajamaINCITEAdapter", p => p.Contains("redpajama-incite"), _ => "redpajama-incite"),
        new("H2OGPTAdapter", p => p.Contains("h2ogpt"), _ => "h2ogpt"),
        new("RobinAdapter", p => p.Contains("robin"), _ => "Robin"),
        new("SnoozyAdapter", p => p.Contains("gpt4all") && p.Contains("snoozy"), _ => "snoozy"),
        new("WizardLMAdapter", p => p.Contains("wizardlm"), p => p.Contains("13b") || p.Contains("30b") || p.Contains("70b") ? "vicuna_v1.1" : "one_shot"),
        new("ManticoreAdapter", p => p.Contains("manticore"), _ => "manticore"),
        new("GuanacoAdapter", p => p.Contains("guanaco"), _ => "zero_shot"),
        new("CamelAdapter", p => p.Contains("camel"), _ => "vicuna_v1.1"),
        new("ChangGPTAdapter", p => p.Contains("polyglot") && p.Contains("chang"), _ => "polyglot_changgpt"),
        new("TuluAdapter", p => p.Contains("tulu"), _ => "tulu"),
        new("FalconChatAdapter", p => p.Contains("falcon") && p.Contains("chat"), _ => "falcon-chat"),
        new("FalconAdapter", p => p.Contains("falcon") && !p.Contains("chat"), _ => "falcon"),
        new("TigerBotAdapter", p => p.Contains("tigerbot"), _ => "tigerbot"),
        new("BaichuanAdapter", p => p.Contains("baichuan"), p => !p.Contains("chat") ? "zero_shot" : p.Contains("baichuan2") ? "baichuan2-chat" : "baichuan-chat"),
        new("XGenAdapter", p => p.Contains("xgen"), _ => "xgen"),
        new("PythiaAdapter", p => p.Contains("pythia"), _ => DefaultTemplateName),
        new("InternLMChatAdapter", p => p.Contains("internlm"), _ => "internlm-chat"),
        new("StarChatAdapter", p => p.Contains("starchat"), _ => "starchat"),
        new("Llama2Adapter", p => p.Contains("llama-2"), _ => "llama-2"),
        new("Llama3Adapter", p => p.Contains("llama-3"), _ => "llama-3"),
        new("CuteGPTAdapter", p => p.Contains("cutegpt"), _ => "cutegpt"),
        new("OpenOrcaAdapter", p => p.Contains("mistral-7b-openorca") || p.Contains("openorca"), p => p.Contains("mistral-7b-openorca") ? "mistral-7b-openorca" : "open-orca"),
        new("DolphinAdapter", p => p.Contains("dolphin") && p.Contains("mistral"), _ => "dolphin-2.2.1-mistral-7b"),
        new("Hermes2Adapter", p => p.Contains("openhermes-2.5-mistral-7b") || p.Contains("openhermes-2-mistral-7b"), _ => "OpenHermes-2.5-Mistral-7B"),
        new("NousHermes2MixtralAdapter", p => p.Contains("nous-hermes-2-mixtral-8x7b-dpo") || p.Contains("nous-hermes-2-mixtral-8x7b-sft"), _ => "Nous-Hermes-2-Mixtral-8x7B-DPO"),
        new("NousHermesAdapter", p => p.Contains("nous-hermes"), _ => "alpaca"),
        new("MistralAdapter", p => p.Contains("mistral") || p.Contains("mixtral"), _ => "mistral"),
        new("WizardCoderAdapter", p => p.Contains("wizardcoder"), _ => "alpaca"),
        new("QwenChatAdapter", p => p.Contains("qwen"), _ => "qwen-7b-chat"),
        new("AquilaChatAdapter", p => p.Contains("aquila"),
            p => !p.Contains("aquilachat2") ? "aquila-chat" : p.Contains("16k") ? "aquila" : p.Contains("34b") ? "aquila-legacy" : "aquila-v1"),
        new("BGEAdapter", p => p.Contains("bge"), _ => "one_shot"),
        new("E5Adapter", p => p.Contains("e5-"), _ => "one_shot"),
        new("Lamma2ChineseAdapter", p => p.Contains("llama2-chinese"), _ => "llama2-chinese"),
        new("Lamma2ChineseAlpacaAdapter", p => p.Contains("chinese-alpaca"), _ => "chinese-alpaca2"),
        new("VigogneAdapter", p => Vigogne.IsMatch(p),
            p => !p.Contains("chat") ? "vigogne_instruct" : p.Contains("vigostral") ? "vigogne_chat_v3" : "vigogne_chat_v2"),
        new("OpenLLaMaOpenInstructAdapter", p => p.Contains("open-llama") && p.Contains("open-instruct"), _ => "alpaca"),
        new("ReaLMAdapter", p => p.Contains("realm"), _ => "ReaLM-7b-v1"),
        new("PhindCodeLlamaAdapter", p => p.Contains("phind-codellama-"), _ => "phind"),
        new("CodeLlamaAdapter", p => p.Contains("codellama"), _ => "llama-2"),
        new("Llama2ChangAdapter", p => p.Contains("llama2-ko-chang"), _ => "polyglot_changgpt"),
        new("ZephyrAdapter", p => p.Contains("zephyr"), _ => "zephyr"),
        new("NotusAdapter", p => p.Contains("notus"), _ => "zephyr"),
        new("CatPPTAdapter", p => p.Contains("catppt"), _ => "catppt"),
        new("TinyLlamaAdapter", p => p.Contains("tinyllama"), _ => "TinyLlama"),
        new("XwinLMAdapter", p => p.Contains("xwin-lm"), _ => "vicuna_v1.1"),
        new("LemurAdapter", p => p.Contains("lemur-70b-chat"), _ => "lemur-70b-chat"),
        new("PygmalionAdapter", p => Pygmalion.IsMatch(p), _ => "metharme"),
        new("MicrosoftOrcaAdapter", p => p.Contains("orca-2"), _ => "orca-2"),
        new("XdanAdapter", p => p.Contains("xdan") && p.Contains("v1"), _ => "xdan-v1"),
        new("YiAdapter", p => p.Contains("yi-") && p.Contains("chat"), _ => "Yi-34b-chat"),
        new("PplxAIAdapter", p => p is "pplx-7b-online" or "pplx-70b-online", _ => "pplxai"),
        new("DeepseekCoderAdapter", p => p.Contains("deepseek-coder"), _ => "deepseek-coder"),
        new("DeepseekChatAdapter", p => p.Contains("deepseek-llm") && p.Contains("chat"), _ => "deepseek-chat"),
        new("Yuan2Adapter", p => p.Contains("yuan2"), _ => "yuan2"),
        new("MetaMathAdapter", p => p.Contains("metamath"), _ => "metamath"),
        new("BagelAdapter", p => p.Contains("bagel"), _ => "airoboros_v3"),
        new("SolarAdapter", p => p.Contains("solar-") && p.Contains("instruct"), _ => "solar"),
        new("SteerLMAdapter", p => p.Contains("steerlm-chat"), _ => "steerlm"),
        new("LlavaAdapter", p => p.Contains("llava"), p => p.Contains("34b") ? "llava-chatml" : "vicuna_v1.1"),
        new("YuanAdapter", p => p.Contains("yuan"), _ => "yuan"),
        new("OlmoAdapter", p => p.Contains("olmo"), _ => "api_based_default"),
        new("CohereAdapter", p => p == "command-r", _ => "api_based_default"),
        new("DBRXAdapter", p => p == "dbrx-instruct", _ => "api_based_default"),
        new("YandexGPTAdapter", p => p.Contains("yandexgpt"), _ => "yandexgpt"),
        new("CllmAdapter", p => p.Contains("consistency-llm"), _ => "cllm"),
        new("RekaAdapter", p => p.Contains("reka"), _ => "api_based_default"),
        new("SmaugChatAdapter", p => p.Contains("smaug"), _ => "qwen-7b-chat"),
    ];

    /// <summary>The adapter names in priority order (the base adapter last).</summary>
    public static IReadOnlyList<string> AdapterNames { get; } = [.. Rules.Select(r => r.Adapter), BaseAdapterName];

    /// <summary>The adapter and template FastChat would choose for <paramref name="modelNameOrPath"/>.</summary>
    public static ModelAdapterMatch Match(string modelNameOrPath)
    {
        ArgumentNullException.ThrowIfNull(modelNameOrPath);
        var path = modelNameOrPath.ToLowerInvariant();
        var lastComponent = LastComponent(path);
        // Like FastChat: the last path component first (so a folder name cannot hijack the match), then the whole path.
        foreach (var candidate in lastComponent == path ? [path] : new[] { lastComponent, path })
            foreach (var rule in Rules)
                if (rule.Match(candidate))
                    return new ModelAdapterMatch(rule.Adapter, rule.Template(path));
        return new ModelAdapterMatch(BaseAdapterName, DefaultTemplateName);
    }

    /// <summary>The name of the template FastChat would choose for <paramref name="modelNameOrPath"/>.</summary>
    public static string MatchTemplate(string modelNameOrPath) => Match(modelNameOrPath).TemplateName;

    /// <summary>Python's <c>os.path.basename(os.path.normpath(path))</c> for '/' and '\' separators.</summary>
    private static string LastComponent(string path)
    {
        var trimmed = path.TrimEnd('/', '\\');
        var slash = trimmed.LastIndexOfAny(['/', '\\']);
        return slash < 0 ? trimmed : trimmed[(slash + 1)..];
    }
}
