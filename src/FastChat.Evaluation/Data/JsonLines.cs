using System.Text;
using System.Text.Json;

namespace FastChat.Evaluation.Data;

/// <summary>Reading and writing JSON Lines files (one object per line; blank lines skipped).</summary>
public static class JsonLines
{
    /// <summary>Every object in <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">A line is not valid JSON for <typeparamref name="T"/> (names file and line).</exception>
    public static List<T> Read<T>(string path)
    {
        var items = new List<T>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                items.Add(JsonSerializer.Deserialize<T>(line, EvalJson.Options) ?? throw new JsonException("null"));
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: {e.Message}", e);
            }
        }
        return items;
    }

    /// <summary>One serialized line (no newline).</summary>
    public static string Serialize<T>(T item) => JsonSerializer.Serialize(item, EvalJson.Options);

    /// <summary>Replaces <paramref name="path"/> with <paramref name="items"/>, atomically (temp file, then move).</summary>
    public static void Write<T>(string path, IEnumerable<T> items)
    {
        EnsureDirectory(path);
        var temp = path + ".tmp";
        using (var writer = new StreamWriter(temp, false, new UTF8Encoding(false)))
        {
            foreach (var item in items) writer.Write(Serialize(item) + "\n");
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Creates the folder a file goes in.</summary>
    public static void EnsureDirectory(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
    }
}

/// <summary>
/// A JSON Lines file written by many tasks at once: each append is one whole line, flushed, so a crash leaves only
/// complete results behind and a rerun resumes from them.
/// </summary>
public sealed class JsonLinesAppender : IDisposable
{
    private readonly object _gate = new();
    private readonly StreamWriter _writer;

    /// <summary>Opens <paramref name="path"/> for appending (creating it and its folder).</summary>
    public JsonLinesAppender(string path)
    {
        JsonLines.EnsureDirectory(path);
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
    }

    /// <summary>Appends one object as one line and flushes it to disk.</summary>
    public void Append<T>(T item)
    {
        var line = JsonLines.Serialize(item) + "\n";
        lock (_gate)
        {
            _writer.Write(line);
            _writer.Flush();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_gate) _writer.Dispose();
    }
}
