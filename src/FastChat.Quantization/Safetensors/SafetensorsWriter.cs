using System.Text;
using System.Text.Json;

namespace FastChat.Quantization.Safetensors;

/// <summary>
/// Writes tensors as safetensors, streaming each tensor's bytes from a callback: one model.safetensors, or
/// shards of at most <see cref="MaxShardBytes"/> of data named model-0000i-of-0000n.safetensors plus
/// model.safetensors.index.json, as Hugging Face does.
/// </summary>
public sealed class SafetensorsWriter
{
    /// <summary>Writes exactly the tensor's byte size to the stream.</summary>
    public delegate void DataSource(Stream destination);

    private sealed record Entry(string Name, string DType, long[] Shape, long ByteSize, DataSource Source);

    private readonly List<Entry> _entries = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>Largest data size of one shard; a tensor larger than this gets a shard of its own. Default: no sharding.</summary>
    public long MaxShardBytes { get; init; } = long.MaxValue;

    /// <summary>The "__metadata__" strings of every file.</summary>
    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal) { ["format"] = "pt" };

    public void Add(string name, string dtype, IReadOnlyList<long> shape, DataSource source)
    {
        if (!_names.Add(name)) throw new ArgumentException($"Tensor '{name}' was already added.", nameof(name));
        var byteSize = shape.Aggregate(1L, (product, d) => checked(product * d)) * SafetensorsDType.ElementSize(dtype);
        _entries.Add(new Entry(name, dtype, shape.ToArray(), byteSize, source));
    }

    /// <summary>Writes the file(s) into <paramref name="folder"/>; returns the names of the files written.</summary>
    public IReadOnlyList<string> WriteTo(string folder)
    {
        var shards = SplitIntoShards();
        var names = shards.Count == 1
            ? ["model.safetensors"]
            : Enumerable.Range(1, shards.Count).Select(i => $"model-{i:D5}-of-{shards.Count:D5}.safetensors").ToList();
        for (var i = 0; i < shards.Count; i++) WriteFile(Path.Combine(folder, names[i]), shards[i]);
        if (shards.Count > 1) WriteIndex(Path.Combine(folder, SafetensorsCheckpoint.IndexFileName), shards, names);
        return shards.Count > 1 ? [.. names, SafetensorsCheckpoint.IndexFileName] : names;
    }

    private List<List<Entry>> SplitIntoShards()
    {
        var shards = new List<List<Entry>> { new() };
        long size = 0;
        foreach (var entry in _entries)
        {
            if (shards[^1].Count > 0 && size + entry.ByteSize > MaxShardBytes)
            {
                shards.Add([]);
                size = 0;
            }
            shards[^1].Add(entry);
            size += entry.ByteSize;
        }
        return shards;
    }

    private void WriteFile(string path, List<Entry> entries)
    {
        var header = BuildHeader(entries);
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        stream.Write(BitConverter.GetBytes((ulong)header.Length));
        stream.Write(header);
        foreach (var entry in entries)
        {
            var before = stream.Position;
            entry.Source(stream);
            if (stream.Position - before != entry.ByteSize)
                throw new InvalidOperationException($"Tensor '{entry.Name}' needs {entry.ByteSize} bytes but its source wrote {stream.Position - before}.");
        }
    }

    /// <summary>The JSON header, padded with spaces to a multiple of 8 so the data that follows is aligned.</summary>
    private byte[] BuildHeader(List<Entry> entries)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("__metadata__");
            foreach (var (key, value) in Metadata) json.WriteString(key, value);
            json.WriteEndObject();
            long offset = 0;
            foreach (var entry in entries)
            {
                json.WriteStartObject(entry.Name);
                json.WriteString("dtype", entry.DType);
                json.WriteStartArray("shape");
                foreach (var d in entry.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + entry.ByteSize);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += entry.ByteSize;
            }
            json.WriteEndObject();
        }
        var padding = (int)((8 - buffer.Length % 8) % 8);
        buffer.Write(Encoding.ASCII.GetBytes(new string(' ', padding)));
        return buffer.ToArray();
    }

    private static void WriteIndex(string path, List<List<Entry>> shards, List<string> names)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartObject("metadata");
        json.WriteNumber("total_size", shards.Sum(s => s.Sum(e => e.ByteSize)));
        json.WriteEndObject();
        json.WriteStartObject("weight_map");
        for (var i = 0; i < shards.Count; i++)
            foreach (var entry in shards[i]) json.WriteString(entry.Name, names[i]);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
