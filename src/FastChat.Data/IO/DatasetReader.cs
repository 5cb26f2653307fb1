using System.Text;
using System.Text.Json;

namespace FastChat.Data.IO;

/// <summary>
/// Streams ShareGPT records from a JSON array file or a JSONL file (one object per line), one record in memory at
/// a time. Records that cannot be used are counted in the <see cref="DataReport"/> under step "read" with the
/// reason; a JSON array that breaks mid-way (bad syntax, invalid UTF-8) cannot be resynchronised and throws a
/// <see cref="DataFormatException"/> that names the record index.
/// </summary>
public static class DatasetReader
{
    /// <summary>The step name drops while reading are counted under.</summary>
    public const string Step = "read";

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>Reads <paramref name="path"/>; JSONL when it ends in .jsonl or its first character is not '['.</summary>
    public static IEnumerable<ShareGptSample> Read(string path, DataReport report, IProgress<long>? progress = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} does not exist", path);
        return IsJsonLines(path) ? ReadLines(path, report, progress) : ReadArray(path, report, progress);
    }

    /// <summary>The input's length in bytes (for a progress bar over bytes).</summary>
    public static long Length(string path) => new FileInfo(path).Length;

    private static bool IsJsonLines(string path)
    {
        if (path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)) return true;
        using var stream = File.OpenRead(path);
        int b;
        while ((b = stream.ReadByte()) >= 0)
        {
            if (b is ' ' or '\t' or '\r' or '\n' or 0xEF or 0xBB or 0xBF) continue; // whitespace, UTF-8 BOM
            return b != '[';
        }
        return false;
    }

    private static IEnumerable<ShareGptSample> ReadLines(string path, DataReport report, IProgress<long>? progress)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var lineNumber = 0L;
        var line = new List<byte>(4096);
        while (ReadLine(stream, line))
        {
            lineNumber++;
            progress?.Report(stream.Position);
            var bytes = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(line);
            if (bytes.Trim((byte)' ').Trim((byte)'\r').IsEmpty) continue;
            report.Read++;
            try
            {
                StrictUtf8.GetCharCount(bytes);
            }
            catch (DecoderFallbackException e)
            {
                report.Drop(Step, DropReasons.InvalidUtf8, $"line {lineNumber}: invalid UTF-8 at byte {e.Index} of the line");
                continue;
            }
            ShareGptSample? sample;
            string reason, detail;
            try
            {
                using var document = JsonDocument.Parse(line.ToArray());
                sample = SampleParser.TryParse(document.RootElement, lineNumber, out reason, out detail);
            }
            catch (JsonException e)
            {
                report.Drop(Step, DropReasons.Malformed, $"line {lineNumber}: {e.Message}");
                continue;
            }
            if (sample is null) report.Drop(Step, reason, $"line {lineNumber}: {detail}");
            else yield return sample;
        }
    }

    private static bool ReadLine(Stream stream, List<byte> line)
    {
        line.Clear();
        int b;
        while ((b = stream.ReadByte()) >= 0)
        {
            if (b == '\n') return true;
            line.Add((byte)b);
        }
        return line.Count > 0;
    }

    private static IEnumerable<ShareGptSample> ReadArray(string path, DataReport report, IProgress<long>? progress)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var enumerator = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream).ToBlockingEnumerable().GetEnumerator();
        for (var index = 0L; ; index++)
        {
            try
            {
                if (!enumerator.MoveNext()) yield break;
            }
            catch (JsonException e)
            {
                throw new DataFormatException(
                    $"{path}: invalid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine} ({index} records read before it): {e.Message}" +
                    " — records after it cannot be recovered from a JSON array; fix the file or convert it to JSONL", e);
            }
            progress?.Report(stream.Position);
            report.Read++;
            var sample = SampleParser.TryParse(enumerator.Current, index, out var reason, out var detail);
            if (sample is null) report.Drop(Step, reason, detail);
            else yield return sample;
        }
    }
}
