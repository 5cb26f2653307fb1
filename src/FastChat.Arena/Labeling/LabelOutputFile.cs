using System.Text.Json;
using System.Text.Json.Nodes;

namespace FastChat.Arena.Labeling;

/// <summary>
/// The labeller's JSON-lines output: one complete line per finished record, appended as records finish. A run that
/// was killed mid-write leaves a partial last line; <see cref="ReadLabelledUids"/> cuts it off so the record is redone.
/// </summary>
public static class LabelOutputFile
{
    /// <summary>Ids of the records the file already holds, after removing a partial last line.</summary>
    /// <exception cref="ArenaException">A complete line is not a JSON object or has no id.</exception>
    public static HashSet<string> ReadLabelledUids(string path, out bool repairedTail)
    {
        repairedTail = false;
        var uids = new HashSet<string>();
        if (!File.Exists(path)) return uids;
        repairedTail = TruncatePartialLastLine(path);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                var record = JsonNode.Parse(line) as JsonObject ?? throw new ArenaException($"{path}:{lineNumber}: not a JSON object");
                uids.Add(LabelRecords.Uid(record));
            }
            catch (JsonException e)
            {
                throw new ArenaException($"{path}:{lineNumber}: invalid JSON in labelled output ({e.Message})", e);
            }
        }
        return uids;
    }

    private static bool TruncatePartialLastLine(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        if (stream.Length == 0) return false;
        stream.Seek(-1, SeekOrigin.End);
        if (stream.ReadByte() == '\n') return false;
        // Scan back to the last newline; everything after it is an interrupted write.
        var buffer = new byte[4096];
        var end = stream.Length;
        while (end > 0)
        {
            var start = Math.Max(0, end - buffer.Length);
            stream.Seek(start, SeekOrigin.Begin);
            var read = stream.Read(buffer, 0, (int)(end - start));
            var newline = Array.LastIndexOf(buffer, (byte)'\n', read - 1);
            if (newline >= 0)
            {
                stream.SetLength(start + newline + 1);
                return true;
            }
            end = start;
        }
        stream.SetLength(0);
        return true;
    }
}
