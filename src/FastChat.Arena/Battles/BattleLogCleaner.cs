using System.Text.Json;
using System.Text.Json.Nodes;

namespace FastChat.Arena.Battles;

/// <summary>
/// Turns FastChat arena conversation logs (JSON lines; votes have type leftvote / rightvote / tievote / bothbad_vote,
/// "models" as shown to the voter and two "states" with the hidden model names and messages) into cleaned battles,
/// dropping what FastChat's clean_battle_data drops, and counting each reason.
/// </summary>
public static class BattleLogCleaner
{
    /// <summary>Reads and cleans every log file, in order.</summary>
    public static CleanResult CleanFiles(IEnumerable<string> paths, CleanOptions? options = null) =>
        Clean(paths.SelectMany(ReadLines), options);

    /// <summary>Cleans raw log lines (non-vote records are counted and skipped).</summary>
    public static CleanResult Clean(IEnumerable<string> logLines, CleanOptions? options = null)
    {
        options ??= new CleanOptions();
        var dropped = Enum.GetValues<DropReason>().ToDictionary(r => r, _ => 0);
        var ips = new Dictionary<string, int>();
        var battles = new List<Battle>();
        int votes = 0, nonVotes = 0, anonymous = 0;
        foreach (var line in logLines)
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonObject? row;
            try { row = JsonNode.Parse(line) as JsonObject; }
            catch (JsonException) { row = null; }
            if (row is null) { dropped[DropReason.Malformed]++; continue; }
            if (!BattleWinners.TryFromVoteType(JsonFields.String(row, "type"), out var winner)) { nonVotes++; continue; }
            votes++;
            var outcome = CleanVote(row, winner, options, ips, out var battle);
            if (outcome is { } reason) { dropped[reason]++; continue; }
            if (battle!.Anony == true) anonymous++;
            battles.Add(battle);
        }
        // Stable: votes with equal timestamps keep log order.
        var sorted = battles.Select((b, i) => (b, i)).OrderBy(x => x.b.Timestamp ?? 0).ThenBy(x => x.i).Select(x => x.b).ToList();
        return new CleanResult(sorted, new CleanReport(votes, nonVotes, anonymous, dropped));
    }

    private static DropReason? CleanVote(JsonObject row, BattleWinner winner, CleanOptions options, Dictionary<string, int> ips, out Battle? battle)
    {
        battle = null;
        var shown = row["models"] as JsonArray;
        var states = row["states"] as JsonArray;
        if (shown is not { Count: 2 } || shown[0] is null || shown[1] is null) return DropReason.MissingModelNames;
        if (states is not { Count: 2 } || states[0] is not JsonObject stateA || states[1] is not JsonObject stateB) return DropReason.MissingMessages;

        string[] modelsPublic = [RemoveHtml(JsonFields.AsText(shown[0]) ?? ""), RemoveHtml(JsonFields.AsText(shown[1]) ?? "")];
        var modelsHidden = modelsPublic;
        if (stateA.ContainsKey("model_name") && JsonFields.String(stateA, "model_name") is { } hiddenA)
            modelsHidden = [hiddenA, JsonFields.String(stateB, "model_name") ?? ""];
        if ((modelsPublic[0] == "") != (modelsPublic[1] == "")) return DropReason.InconsistentModelNames;

        bool anony;
        string[] models;
        if (modelsPublic[0] is "" or "Model A")
        {
            anony = true;
            models = modelsHidden;
        }
        else
        {
            anony = false;
            models = modelsPublic;
            if (!modelsPublic.SequenceEqual(modelsHidden)) return DropReason.InconsistentModelNames;
        }

        var messagesA = Messages(stateA, out var offsetA);
        var messagesB = Messages(stateB, out var offsetB);
        if (offsetA >= messagesA.Count) return DropReason.MissingMessages;
        var language = LanguageGuess.Detect(messagesA[offsetA].Content);

        var text = string.Concat(messagesA.Skip(offsetA).Concat(messagesB.Skip(offsetB)).Select(m => m.Content.ToLowerInvariant()));
        if (IdentityWords.Names.Any(w => text.Contains(w, StringComparison.Ordinal))) return DropReason.IdentityLeak;
        if (IdentityWords.Errors.Any(w => text.Contains(w, StringComparison.Ordinal))) return DropReason.ErrorMessage;

        var tstamp = JsonFields.Number(row, "tstamp") ?? 0;
        models = [ModelNames.Replace(models[0], tstamp), ModelNames.Replace(models[1], tstamp)];
        if (models.Any(options.ExcludeModels.Contains)) return DropReason.ExcludedModel;

        var ip = JsonFields.String(row, "ip") ?? "";
        if (!ips.TryGetValue(ip, out var ipIndex)) ips[ip] = ipIndex = ips.Count;
        if (options.BannedIps.Contains(ip)) return DropReason.BannedIp;
        if (options.AnonymousOnly && !anony) return DropReason.NotAnonymous;

        var conversationA = ToOpenAiFormat(messagesA.Skip(offsetA));
        battle = new Battle(models[0], models[1], winner)
        {
            QuestionId = JsonFields.String(stateA, "conv_id"),
            Judge = "arena_user_" + (options.SanitizeIp ? $"arena_user_{ipIndex}" : ip),
            ConversationA = conversationA,
            ConversationB = ToOpenAiFormat(messagesB.Skip(offsetB)),
            Turn = conversationA.Count / 2,
            Anony = anony,
            Language = language,
            Timestamp = tstamp,
        };
        return null;
    }

    private static List<ChatTurn> Messages(JsonObject state, out int offset)
    {
        offset = (int)(JsonFields.Number(state, "offset") ?? 0);
        var list = new List<ChatTurn>();
        if (state["messages"] is not JsonArray messages) return list;
        foreach (var message in messages)
        {
            if (message is JsonArray { Count: >= 2 } pair)
                list.Add(new ChatTurn(JsonFields.AsText(pair[0]) ?? "", JsonFields.AsText(pair[1]) ?? ""));
        }
        return list;
    }

    /// <summary>Alternating user/assistant roles, as FastChat's to_openai_format assigns them.</summary>
    private static List<ChatTurn> ToOpenAiFormat(IEnumerable<ChatTurn> messages) =>
        messages.Select((m, i) => new ChatTurn(i % 2 == 0 ? "user" : "assistant", m.Content)).ToList();

    /// <summary>Strips the "&lt;h3&gt;Model A: name&lt;/h3&gt;\n" wrapper older arena logs used for shown names.</summary>
    internal static string RemoveHtml(string raw)
    {
        const string close = "</h3>\n";
        if (!raw.StartsWith("<h3>", StringComparison.Ordinal)) return raw;
        var start = raw.IndexOf(": ", StringComparison.Ordinal) + 2;
        var end = raw.Length - close.Length;
        return end > start ? raw[start..end] : "";
    }

    private static IEnumerable<string> ReadLines(string path)
    {
        try { return File.ReadLines(path); }
        catch (IOException e) { throw new ArenaException($"{path}: {e.Message}", e); }
    }
}
