namespace FastChat.Arena.Battles;

/// <summary>
/// Strings whose presence in either answer disqualifies an arena vote, as FastChat's clean_battle_data lists them:
/// model or vendor names (the voter could have learnt who is who) and the arena's own error banners.
/// </summary>
public static class IdentityWords
{
    /// <summary>Names that reveal a model's identity (matched case-insensitively).</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "vicuna", "lmsys", "koala", "uc berkeley", "open assistant", "laion", "chatglm", "chatgpt", "gpt-4", "openai",
        "anthropic", "claude", "bard", "palm", "lamda", "google", "llama", "qianwan", "alibaba", "mistral", "zhipu",
        "keg lab", "01.ai", "ai2", "tülu",
    ];

    /// <summary>Error banners the arena shows in place of an answer (matched case-insensitively).</summary>
    public static readonly IReadOnlyList<string> Errors =
    [
        "network error due to high traffic. please regenerate or refresh this page.",
        "$moderation$ your input violates our content moderation guidelines.",
        "api request error. please increase the number of max tokens.",
        "**api request error** reason: the response was blocked.",
        "**api request error**",
    ];
}
