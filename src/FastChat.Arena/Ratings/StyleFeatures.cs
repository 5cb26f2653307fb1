using System.Text;
using System.Text.Json.Nodes;
using FastChat.Arena.Battles;

namespace FastChat.Arena.Ratings;

/// <summary>
/// Style-control features of FastChat (STYLE_CONTROL_ELEMENTS_V1): answer length in tokens and the numbers of
/// headers, list items and bold spans, for each side. Per battle and element the feature is
/// (a - b) / (a + b + 1), then standardised over the battle set (mean 0, population standard deviation 1).
/// </summary>
public static class StyleFeatures
{
    /// <summary>Features per battle: token length, headers, lists, bold.</summary>
    public const int Count = 4;

    /// <summary>Names of the features, in column order.</summary>
    public static readonly IReadOnlyList<string> Names = ["length", "headers", "lists", "bold"];

    /// <summary>
    /// Rough token count used when a battle has no conv_metadata: one token per 4 UTF-8 bytes. FastChat counts with
    /// tiktoken; the feature is a ratio of the two sides' lengths, so a proportional estimate changes it little.
    /// </summary>
    public static int EstimateTokens(string text) => (Encoding.UTF8.GetByteCount(text) + 3) / 4;

    /// <summary>
    /// The standardised N × 4 feature matrix (row-major). Counts come from "conv_metadata" when a battle has it
    /// (sum_assistant_*_tokens and the header/list/bold dictionaries), otherwise from the assistant turns.
    /// </summary>
    /// <exception cref="ArenaException">A battle has neither conv_metadata nor conversations.</exception>
    public static double[] Build(IReadOnlyList<Battle> battles, Func<string, int>? tokenCounter = null)
    {
        tokenCounter ??= EstimateTokens;
        var features = new double[battles.Count * Count];
        for (var i = 0; i < battles.Count; i++)
        {
            var (a, b) = RawCounts(battles[i], tokenCounter, i);
            for (var j = 0; j < Count; j++) features[i * Count + j] = (a[j] - b[j]) / (a[j] + b[j] + 1.0);
        }
        Standardize(features, battles.Count);
        return features;
    }

    private static (double[] A, double[] B) RawCounts(Battle battle, Func<string, int> tokenCounter, int index)
    {
        if (battle.ConvMetadata is { } meta && meta.ContainsKey("sum_assistant_a_tokens"))
            return (FromMetadata(meta, "a"), FromMetadata(meta, "b"));
        if (battle.ConversationA is null || battle.ConversationB is null)
            throw new ArenaException($"battle {index}: style control needs conv_metadata or conversation_a/conversation_b");
        return (FromConversation(battle.ConversationA, tokenCounter), FromConversation(battle.ConversationB, tokenCounter));
    }

    private static double[] FromMetadata(JsonObject meta, string side) =>
    [
        SumOf(meta[$"sum_assistant_{side}_tokens"]),
        SumOf(meta[$"header_count_{side}"]),
        SumOf(meta[$"list_count_{side}"]),
        SumOf(meta[$"bold_count_{side}"]),
    ];

    /// <summary>An int, or the sum of a dictionary's values (FastChat's extract_style_feature).</summary>
    private static double SumOf(JsonNode? node) => node switch
    {
        JsonObject obj => obj.Sum(kv => SumOf(kv.Value)),
        _ => JsonFields.Number(node) ?? 0,
    };

    private static double[] FromConversation(IReadOnlyList<ChatTurn> conversation, Func<string, int> tokenCounter)
    {
        var answers = conversation.Where(t => t.Role == "assistant").Select(t => t.Content).ToList();
        var markdown = MarkdownCounts.Count(string.Join("\n", answers));
        return [answers.Sum(tokenCounter), markdown.Headers, markdown.ListItems, markdown.Bold];
    }

    private static void Standardize(double[] features, int rows)
    {
        for (var j = 0; j < Count; j++)
        {
            var mean = 0.0;
            for (var i = 0; i < rows; i++) mean += features[i * Count + j];
            mean /= Math.Max(rows, 1);
            var variance = 0.0;
            for (var i = 0; i < rows; i++) variance += Math.Pow(features[i * Count + j] - mean, 2);
            var std = Math.Sqrt(variance / Math.Max(rows, 1));
            // A feature that never varies carries no information (FastChat would divide by zero here).
            for (var i = 0; i < rows; i++) features[i * Count + j] = std > 0 ? (features[i * Count + j] - mean) / std : 0;
        }
    }
}
