using System.Text.Json;

namespace FastChat.Data.Steps;

/// <summary>
/// FastChat's convert_alpaca: Alpaca records (<c>instruction</c>, <c>input</c>, <c>output</c>) to single-round ShareGPT
/// samples "alpaca_{i}"; a non-trivial input is appended as "\nInput:\n{input}". Records lacking instruction or output
/// are counted as <see cref="DropReasons.MissingField"/>.
/// </summary>
public static class AlpacaConverter
{
    /// <summary>The step name drops are counted under.</summary>
    public const string Step = "convert-alpaca";

    /// <summary>Streams the converted records of an Alpaca JSON array file.</summary>
    public static IEnumerable<ShareGptSample> Convert(string path, DataReport report)
    {
        using var stream = File.OpenRead(path);
        var index = -1;
        foreach (var record in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream).ToBlockingEnumerable())
        {
            index++;
            report.Read++;
            if (record.ValueKind != JsonValueKind.Object
                || !TryString(record, "instruction", out var instruction) || !TryString(record, "output", out var output))
            {
                report.Drop(Step, DropReasons.MissingField, $"record {index}: needs string \"instruction\" and \"output\"");
                continue;
            }
            TryString(record, "input", out var input);
            var question = input.Trim().Length > 1 ? instruction + "\nInput:\n" + input : instruction;
            yield return new ShareGptSample($"alpaca_{index}", [new(ShareGptRoles.Human, question), new(ShareGptRoles.Gpt, output)]);
        }
    }

    private static bool TryString(JsonElement record, string name, out string value)
    {
        value = record.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String ? element.GetString()! : "";
        return element.ValueKind == JsonValueKind.String;
    }
}
