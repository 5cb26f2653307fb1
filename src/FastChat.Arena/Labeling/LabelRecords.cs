using System.Text;
using System.Text.Json.Nodes;
using FastChat.Arena.Battles;

namespace FastChat.Arena.Labeling;

/// <summary>How the labeler identifies a record and what prompt it labels (FastChat's label.py conventions).</summary>
public static class LabelRecords
{
    /// <summary>FastChat truncates prompts to 12,500 characters.</summary>
    public const int MaxPromptChars = 12500;

    /// <summary>The record's id: "uid" when present, else str(question_id) + str(tstamp) as label.py builds it.</summary>
    /// <exception cref="ArenaException">The record has neither.</exception>
    public static string Uid(JsonObject record)
    {
        if (JsonFields.String(record, "uid") is { Length: > 0 } uid) return uid;
        var questionId = JsonFields.AsText(record["question_id"]);
        var tstamp = JsonFields.AsText(record["tstamp"]);
        if (questionId is null && tstamp is null) throw new ArenaException("record has no uid, question_id or tstamp to identify it");
        return questionId + tstamp;
    }

    /// <summary>The user turns of conversation_a joined by newlines (or "prompt"), cut to <see cref="MaxPromptChars"/> code points.</summary>
    public static string Prompt(JsonObject record)
    {
        string text;
        if (JsonFields.Conversation(record, "conversation_a") is { Count: > 0 } conversation)
            text = string.Join("\n", conversation.Where((_, i) => i % 2 == 0).Select(t => t.Content));
        else text = JsonFields.String(record, "prompt") ?? "";
        return Truncate(text, MaxPromptChars);
    }

    private static string Truncate(string text, int codePoints)
    {
        if (text.Length <= codePoints) return text;
        var builder = new StringBuilder();
        var count = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (count++ == codePoints) break;
            builder.Append(rune.ToString());
        }
        return builder.ToString();
    }
}
