using System.Text.Json;

namespace FastChat.Data.IO;

/// <summary>Turns one JSON value into a <see cref="ShareGptSample"/>, or says exactly which field is wrong.</summary>
internal static class SampleParser
{
    /// <summary>Parses a record; on failure returns null and sets <paramref name="reason"/> and <paramref name="detail"/>.</summary>
    public static ShareGptSample? TryParse(JsonElement element, long index, out string reason, out string detail)
    {
        try
        {
            return Parse(element, index, out reason, out detail);
        }
        catch (InvalidOperationException e) when (e.InnerException is System.Text.DecoderFallbackException)
        {
            // JsonElement checks a string's UTF-8 only when it is read: the record is dropped, the file read on.
            return Fail(DropReasons.InvalidUtf8, $"record {index}: a string is not valid UTF-8", out reason, out detail);
        }
    }

    private static ShareGptSample? Parse(JsonElement element, long index, out string reason, out string detail)
    {
        reason = detail = "";
        if (element.ValueKind != JsonValueKind.Object)
            return Fail(DropReasons.Malformed, $"record {index}: expected a JSON object, got {element.ValueKind}", out reason, out detail);
        var id = element.TryGetProperty("id", out var idElement)
            ? idElement.ValueKind switch
            {
                JsonValueKind.String => idElement.GetString()!,
                JsonValueKind.Number => idElement.GetRawText(),
                _ => null,
            }
            : $"#{index}"; // FastChat data always has ids; an id-less record is still usable, named by its position
        if (id is null) return Fail(DropReasons.MissingField, $"record {index}: \"id\" is not a string or number", out reason, out detail);
        if (!element.TryGetProperty("conversations", out var turnsElement) || turnsElement.ValueKind != JsonValueKind.Array)
            return Fail(DropReasons.MissingField, $"{id}: \"conversations\" is missing or not an array", out reason, out detail);
        var turns = new List<ShareGptTurn>(turnsElement.GetArrayLength());
        var t = 0;
        foreach (var turn in turnsElement.EnumerateArray())
        {
            if (turn.ValueKind != JsonValueKind.Object
                || !turn.TryGetProperty("from", out var from) || from.ValueKind != JsonValueKind.String
                || !turn.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.String)
                return Fail(DropReasons.MissingField, $"{id}: turn {t} lacks a string \"from\" or \"value\"", out reason, out detail);
            turns.Add(new ShareGptTurn(from.GetString()!, value.GetString()!));
            t++;
        }
        var model = element.TryGetProperty("model", out var modelElement) && modelElement.ValueKind == JsonValueKind.String
            ? modelElement.GetString()
            : null;
        return new ShareGptSample(id, turns, model);
    }

    private static ShareGptSample? Fail(string why, string what, out string reason, out string detail)
    {
        reason = why;
        detail = what;
        return null;
    }
}
