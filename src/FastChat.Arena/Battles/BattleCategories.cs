using System.Text.Json;
using System.Text.Json.Nodes;

namespace FastChat.Arena.Battles;

/// <summary>
/// Category predicates over a battle's labels, named as FastChat's leaderboard names them: "full", "hard_6"
/// (at least 6 of the 7 criteria_v0.1 criteria; any "hard_N" works), "if", "math", "creative_writing",
/// "multiturn", "english", "chinese"; or a path into category_tag such as "math_v0.1/math" that must be true.
/// </summary>
public static class BattleCategories
{
    /// <summary>True when <paramref name="battle"/> belongs to <paramref name="category"/>.</summary>
    public static bool Matches(Battle battle, string category)
    {
        switch (category)
        {
            case "" or "full": return true;
            case "if": return Flag(battle, "if_v0.1", "if");
            case "math": return Flag(battle, "math_v0.1", "math");
            case "creative_writing": return Flag(battle, "creative_writing_v0.1", "creative_writing");
            case "multiturn": return battle.Turn > 1;
            case "english": return battle.Language == "English";
            case "chinese": return battle.Language == "Chinese";
        }
        if (category.StartsWith("hard_", StringComparison.Ordinal) && int.TryParse(category.AsSpan(5), out var needed))
            return CriteriaCount(battle) >= needed;
        var slash = category.IndexOf('/');
        return slash < 0 ? IsTrue(battle.CategoryTag?[category]) : Flag(battle, category[..slash], category[(slash + 1)..]);
    }

    /// <summary>How many hard-prompt criteria (criteria_v0.1) the battle's prompt meets.</summary>
    public static int CriteriaCount(Battle battle) =>
        battle.CategoryTag?["criteria_v0.1"] is JsonObject criteria ? criteria.Count(kv => IsTrue(kv.Value)) : 0;

    private static bool Flag(Battle battle, string tag, string key) =>
        battle.CategoryTag?[tag] is JsonObject obj && IsTrue(obj[key]);

    private static bool IsTrue(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.True;
}
