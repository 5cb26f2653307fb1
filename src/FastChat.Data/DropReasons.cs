namespace FastChat.Data;

/// <summary>Why a record left the pipeline; every drop is counted under one of these (or a step's own) names.</summary>
public static class DropReasons
{
    /// <summary>The record is not valid JSON, or not a JSON object.</summary>
    public const string Malformed = "malformed-json";
    /// <summary>The line is not valid UTF-8 (JSONL input).</summary>
    public const string InvalidUtf8 = "invalid-utf8";
    /// <summary>A required field (id, conversations, from, value) is missing or has the wrong JSON type.</summary>
    public const string MissingField = "missing-field";
    /// <summary>Fewer than two turns.</summary>
    public const string TooShort = "too-short";
    /// <summary>Roles do not alternate human/gpt starting with human.</summary>
    public const string WrongRoleOrder = "wrong-role-order";
    /// <summary>A turn is empty (after cleaning).</summary>
    public const string EmptyMessage = "empty-message";
    /// <summary>The same conversation was already seen.</summary>
    public const string Duplicate = "duplicate";
    /// <summary>A turn contains a blacklisted word (FastChat: "openai", "chatgpt").</summary>
    public const string UnwantedWord = "unwanted-word";
    /// <summary>A turn is longer than the allowed number of characters.</summary>
    public const string HugeMessage = "huge-message";
    /// <summary>The HTML could not be converted.</summary>
    public const string BadHtml = "bad-html";
    /// <summary>One human/gpt exchange alone exceeds the token budget of split-long.</summary>
    public const string ExchangeOverBudget = "exchange-over-budget";
    /// <summary>A numbered list restarts at "1." (filter-wrong-format).</summary>
    public const string WrongListFormat = "wrong-list-format";
    /// <summary>The concatenated text exceeds sample's character limit.</summary>
    public const string TooLong = "too-long";
}
