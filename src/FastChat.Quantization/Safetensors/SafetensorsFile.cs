using System.Text.Json;

namespace FastChat.Quantization.Safetensors;

/// <summary>
/// One .safetensors file, memory-mapped: an 8-byte little-endian header length, a JSON header naming each
/// tensor's dtype, shape and data_offsets (relative to the end of the header), then the raw data. Every entry
/// is checked against the file on open, so a truncated or inconsistent file is a
/// <see cref="ModelConversionException"/> that names the file and the tensor, not a later out-of-range read.
/// </summary>
public sealed unsafe class SafetensorsFile : IDisposable
{
    /// <summary>Headers larger than this are refused (the reference implementation's limit is 100 MB).</summary>
    private const long MaxHeaderBytes = 100_000_000;

    private readonly MappedFile _map;
    private readonly Dictionary<string, SafetensorsTensor> _tensors = new(StringComparer.Ordinal);

    private SafetensorsFile(MappedFile map)
    {
        _map = map;
        var fileName = System.IO.Path.GetFileName(map.Path);
        if (map.Length < 8) throw new ModelConversionException($"{fileName}: truncated ({map.Length} bytes, no header length)");
        var headerLength = *(long*)map.Pointer;
        if (headerLength < 2 || headerLength > MaxHeaderBytes || headerLength > map.Length - 8)
            throw new ModelConversionException($"{fileName}: truncated or corrupt: header length {headerLength} but the file has {map.Length} bytes");
        DataOffset = 8 + headerLength;
        Metadata = ParseHeader(fileName, new ReadOnlySpan<byte>(map.Pointer + 8, (int)headerLength), map.Length - DataOffset);
    }

    /// <summary>Maps and validates <paramref name="path"/>.</summary>
    public static SafetensorsFile Open(string path)
    {
        var map = new MappedFile(System.IO.Path.GetFullPath(path));
        try
        {
            return new SafetensorsFile(map);
        }
        catch
        {
            map.Dispose();
            throw;
        }
    }

    public string Path => _map.Path;

    /// <summary>Absolute offset where tensor data begins (after the header).</summary>
    public long DataOffset { get; }

    /// <summary>The optional "__metadata__" string map.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Tensors in header order.</summary>
    public IReadOnlyCollection<SafetensorsTensor> Tensors => _tensors.Values;

    public bool TryGetTensor(string name, out SafetensorsTensor tensor) => _tensors.TryGetValue(name, out tensor!);

    internal byte* BasePointer => _map.Pointer;

    public void Dispose() => _map.Dispose();

    private Dictionary<string, string> ParseHeader(string fileName, ReadOnlySpan<byte> header, long dataLength)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header.ToArray().AsMemory().TrimEnd((byte)' '));
        }
        catch (JsonException e)
        {
            throw new ModelConversionException($"{fileName}: the header is not valid JSON ({e.Message})", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new ModelConversionException($"{fileName}: the header is not a JSON object");
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    if (property.Value.ValueKind == JsonValueKind.Object)
                        foreach (var entry in property.Value.EnumerateObject())
                            metadata[entry.Name] = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()! : entry.Value.GetRawText();
                    continue;
                }
                var tensor = ParseTensor(fileName, property, dataLength);
                if (!_tensors.TryAdd(tensor.Name, tensor))
                    throw new ModelConversionException($"{fileName}: tensor '{tensor.Name}' appears twice in the header");
            }
        }
        return metadata;
    }

    private SafetensorsTensor ParseTensor(string fileName, JsonProperty property, long dataLength)
    {
        var name = property.Name;
        string Where() => $"{fileName}: tensor '{name}'";
        var entry = property.Value;
        if (entry.ValueKind != JsonValueKind.Object) throw new ModelConversionException($"{Where()}: the entry is not an object");
        if (!entry.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw new ModelConversionException($"{Where()}: no dtype");
        var dtype = dtypeElement.GetString()!;
        if (!SafetensorsDType.IsKnown(dtype)) throw new ModelConversionException($"{Where()}: unknown dtype '{dtype}'");
        if (!entry.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
            throw new ModelConversionException($"{Where()}: no shape");
        var shape = shapeElement.EnumerateArray()
            .Select(d => d.ValueKind == JsonValueKind.Number && d.TryGetInt64(out var v) && v >= 0 ? v
                : throw new ModelConversionException($"{Where()}: shape {shapeElement.GetRawText()} is not a list of non-negative integers"))
            .ToArray();
        if (!entry.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2
            || !offsets[0].TryGetInt64(out var begin) || !offsets[1].TryGetInt64(out var end) || begin < 0 || end < begin)
            throw new ModelConversionException($"{Where()}: data_offsets must be [begin, end] with 0 <= begin <= end");
        if (end > dataLength)
            throw new ModelConversionException($"{Where()}: data ends at {end} but the file holds {dataLength} data bytes (truncated?)");
        long expected;
        try
        {
            expected = checked(shape.Aggregate(1L, (product, d) => checked(product * d)) * SafetensorsDType.ElementSize(dtype));
        }
        catch (OverflowException)
        {
            throw new ModelConversionException($"{Where()}: shape {shapeElement.GetRawText()} is too large");
        }
        if (end - begin != expected)
            throw new ModelConversionException($"{Where()}: {dtype} shape {shapeElement.GetRawText()} needs {expected} bytes but data_offsets give {end - begin}");
        return new SafetensorsTensor(this, name, dtype, shape, DataOffset + begin, end - begin);
    }
}
