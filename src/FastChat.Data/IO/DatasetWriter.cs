using System.Text.Encodings.Web;
using System.Text.Json;

namespace FastChat.Data.IO;

/// <summary>
/// Streams records to a JSON array (indented, as FastChat's scripts write with <c>indent=2, ensure_ascii=False</c>) or to
/// JSONL when the path ends in .jsonl. Written atomically: a temporary file is renamed over the target at the end.
/// </summary>
public static class DatasetWriter
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions LineOptions = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes every record of <paramref name="samples"/> (consuming it lazily) and counts them in <paramref name="report"/>.</summary>
    public static long Write(string path, IEnumerable<ShareGptSample> samples, DataReport? report = null)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = path + ".tmp" + Environment.ProcessId;
        long count = 0;
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                if (path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)) count = WriteLines(stream, samples);
                else count = WriteArray(stream, samples);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
        if (report is not null) report.Written += count;
        return count;
    }

    private static long WriteArray(Stream stream, IEnumerable<ShareGptSample> samples)
    {
        using var writer = new Utf8JsonWriter(stream, Options);
        writer.WriteStartArray();
        long count = 0;
        foreach (var sample in samples)
        {
            WriteSample(writer, sample);
            count++;
            if (writer.BytesPending > 1 << 16) writer.Flush();
        }
        writer.WriteEndArray();
        return count;
    }

    private static long WriteLines(Stream stream, IEnumerable<ShareGptSample> samples)
    {
        long count = 0;
        foreach (var sample in samples)
        {
            using (var writer = new Utf8JsonWriter(stream, LineOptions)) WriteSample(writer, sample);
            stream.WriteByte((byte)'\n');
            count++;
        }
        return count;
    }

    private static void WriteSample(Utf8JsonWriter writer, ShareGptSample sample)
    {
        writer.WriteStartObject();
        writer.WriteString("id", sample.Id);
        if (sample.Model is not null) writer.WriteString("model", sample.Model);
        writer.WriteStartArray("conversations");
        foreach (var turn in sample.Conversations)
        {
            writer.WriteStartObject();
            writer.WriteString("from", turn.From);
            writer.WriteString("value", turn.Value);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
