using System.Text.Json.Nodes;

namespace FastChat.Arena.Battles;

/// <summary>Writes battles as JSON lines in FastChat's cleaned-battle field names (readable by <see cref="BattleReader"/>).</summary>
public static class BattleWriter
{
    /// <summary>Writes one line per battle.</summary>
    public static void WriteJsonLines(string path, IEnumerable<Battle> battles)
    {
        using var writer = new StreamWriter(path);
        foreach (var battle in battles) writer.WriteLine(ToJson(battle).ToJsonString());
    }

    /// <summary>The battle as a FastChat cleaned-battle object; absent optional fields are left out.</summary>
    public static JsonObject ToJson(Battle battle)
    {
        var obj = new JsonObject
        {
            ["model_a"] = battle.ModelA,
            ["model_b"] = battle.ModelB,
            ["winner"] = battle.Winner.ToFastChatString(),
        };
        if (battle.QuestionId is not null) obj["question_id"] = battle.QuestionId;
        if (battle.Judge is not null) obj["judge"] = battle.Judge;
        if (battle.ConversationA is not null) obj["conversation_a"] = Conversation(battle.ConversationA);
        if (battle.ConversationB is not null) obj["conversation_b"] = Conversation(battle.ConversationB);
        if (battle.Turn is not null) obj["turn"] = battle.Turn;
        if (battle.Anony is not null) obj["anony"] = battle.Anony;
        if (battle.Language is not null) obj["language"] = battle.Language;
        if (battle.Timestamp is not null) obj["tstamp"] = battle.Timestamp;
        if (battle.CategoryTag is not null) obj["category_tag"] = battle.CategoryTag.DeepClone();
        if (battle.ConvMetadata is not null) obj["conv_metadata"] = battle.ConvMetadata.DeepClone();
        return obj;
    }

    private static JsonArray Conversation(IReadOnlyList<ChatTurn> turns)
    {
        var array = new JsonArray();
        foreach (var turn in turns) array.Add(new JsonObject { ["role"] = turn.Role, ["content"] = turn.Content });
        return array;
    }
}
