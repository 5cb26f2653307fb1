using System.Text.Json;
using System.Text.Json.Nodes;

namespace FastChat.Arena.Battles;

/// <summary>
/// Reads cleaned battle files: a JSON array (FastChat's clean_battle_*.json) or JSON lines (one battle per line).
/// Needs model_a, model_b and winner; every other field is optional.
/// </summary>
public static class BattleReader
{
    /// <summary>Reads every battle in the file, in file order.</summary>
    /// <exception cref="ArenaException">A record is malformed; the message names the file and line or index.</exception>
    public static List<Battle> ReadFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads battles from a stream holding a JSON array or JSON lines; <paramref name="source"/> names it in errors.</summary>
    public static List<Battle> Read(Stream stream, string source = "<stream>")
    {
        using var reader = new StreamReader(stream);
        var battles = new List<Battle>();
        if (FirstSignificantChar(reader) == '[')
        {
            var array = JsonNode.Parse(reader.ReadToEnd()) as JsonArray ?? throw new ArenaException($"{source}: not a JSON array");
            for (var i = 0; i < array.Count; i++)
                battles.Add(Parse(array[i] as JsonObject ?? throw new ArenaException($"{source}[{i}]: not a JSON object"), $"{source}[{i}]"));
            return battles;
        }
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonObject obj;
            try
            {
                obj = JsonNode.Parse(line) as JsonObject ?? throw new ArenaException($"{source}:{lineNumber}: not a JSON object");
            }
            catch (JsonException e)
            {
                throw new ArenaException($"{source}:{lineNumber}: invalid JSON ({e.Message})", e);
            }
            battles.Add(Parse(obj, $"{source}:{lineNumber}"));
        }
        return battles;
    }

    /// <summary>Turns one cleaned-battle object into a <see cref="Battle"/>.</summary>
    /// <exception cref="ArenaException">model_a, model_b or winner is missing or the winner is unknown.</exception>
    public static Battle Parse(JsonObject obj, string where = "battle")
    {
        var modelA = JsonFields.String(obj, "model_a");
        var modelB = JsonFields.String(obj, "model_b");
        if (string.IsNullOrEmpty(modelA) || string.IsNullOrEmpty(modelB))
            throw new ArenaException($"{where}: model_a and model_b are required");
        var winnerText = JsonFields.String(obj, "winner");
        if (!BattleWinners.TryParse(winnerText, out var winner))
            throw new ArenaException($"{where}: unexpected winner '{winnerText}' (model_a, model_b, tie or tie (bothbad))");
        var turn = JsonFields.Number(obj, "turn");
        return new Battle(modelA, modelB, winner)
        {
            QuestionId = JsonFields.String(obj, "question_id"),
            Anony = JsonFields.Bool(obj, "anony"),
            Language = JsonFields.String(obj, "language"),
            Turn = turn is { } t ? (int)t : null,
            Timestamp = JsonFields.Number(obj, "tstamp"),
            Judge = JsonFields.String(obj, "judge"),
            ConversationA = JsonFields.Conversation(obj, "conversation_a"),
            ConversationB = JsonFields.Conversation(obj, "conversation_b"),
            CategoryTag = obj["category_tag"] as JsonObject,
            ConvMetadata = obj["conv_metadata"] as JsonObject,
        };
    }

    private static int FirstSignificantChar(StreamReader reader)
    {
        while (reader.Peek() is var c && c >= 0)
        {
            if (!char.IsWhiteSpace((char)c) && c != '\uFEFF') return c;
            reader.Read();
        }
        return -1;
    }
}
