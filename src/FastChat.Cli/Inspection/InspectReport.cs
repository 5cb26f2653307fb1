using FastChat.Gguf;

namespace FastChat.Cli.Inspection;

/// <summary>Everything `fastchat inspect` shows, as one serialisable object (the JSON is this, in snake_case).</summary>
public sealed record InspectReport(
    string? File,
    long FileBytes,
    uint Version,
    uint Alignment,
    long DataOffset,
    double OpenMilliseconds,
    string? Architecture,
    ModelHyperParameters? HyperParameters,
    GgufTokenizerInfo? Tokenizer,
    IReadOnlyList<InspectReport.MetadataEntry> Metadata,
    int TensorCount,
    long TotalElements,
    long TotalTensorBytes,
    IReadOnlyList<InspectReport.TypeTotal> TensorTypes,
    IReadOnlyList<InspectReport.TensorEntry> Tensors)
{
    private const int ArrayPreviewLength = 8;

    public static InspectReport Create(GgufFile file, TimeSpan openTime)
    {
        var architecture = file.Metadata.GetStringOrNull(GgufKeys.Architecture);
        var tensors = file.Tensors
            .Select(t => new TensorEntry(t.Name, t.TypeInfo.Name, t.Dimensions, t.ElementCount, t.ByteSize, file.DataOffset + t.Offset))
            .ToList();
        var typeTotals = file.Tensors
            .GroupBy(t => t.TypeInfo.Name)
            .Select(g => new TypeTotal(g.Key, g.Count(), g.Sum(t => t.ElementCount), g.Sum(t => t.ByteSize)))
            .OrderByDescending(t => t.Bytes)
            .ToList();
        return new InspectReport(
            file.Path,
            file.Length,
            file.Version,
            file.Alignment,
            file.DataOffset,
            Math.Round(openTime.TotalMilliseconds, 3),
            architecture,
            architecture is null ? null : file.HyperParameters,
            file.Tokenizer,
            file.Metadata.Select(kv => MetadataEntry.Create(kv.Key, kv.Value)).ToList(),
            tensors.Count,
            tensors.Sum(t => t.Elements),
            tensors.Sum(t => t.Bytes),
            typeTotals,
            tensors);
    }

    public sealed record TensorEntry(string Name, string Type, IReadOnlyList<long> Shape, long Elements, long Bytes, long Offset);

    public sealed record TypeTotal(string Type, int Tensors, long Elements, long Bytes);

    /// <summary>A metadata key: scalars in full, arrays as element type + count + the first few elements.</summary>
    public sealed record MetadataEntry(string Key, string Type, object? Value, int? Count, IReadOnlyList<string>? Preview)
    {
        public static MetadataEntry Create(string key, GgufValue value)
        {
            if (value.Type != GgufValueType.Array)
                return new MetadataEntry(key, GgufValueTypes.ShortName(value.Type), ScalarValue(value), null, null);
            var array = value.AsArray();
            var preview = Enumerable.Range(0, Math.Min(array.Count, ArrayPreviewLength)).Select(i => ElementText(array, i)).ToList();
            return new MetadataEntry(key, $"arr[{GgufValueTypes.ShortName(array.ElementType)}]", null, array.Count, preview);
        }

        private static object ScalarValue(GgufValue value) => value.Type switch
        {
            GgufValueType.String => value.AsString(),
            GgufValueType.Bool => value.AsBool(),
            GgufValueType.Float32 => value.AsSingle(),
            GgufValueType.Float64 => value.AsDouble(),
            GgufValueType.UInt64 => value.AsUInt64(),
            _ => value.AsInt64(),
        };

        private static string ElementText(GgufArray array, int index) => array.ElementType switch
        {
            GgufValueType.String => array.GetString(index),
            GgufValueType.Array => array.GetArray(index).ToString(),
            GgufValueType.Float32 => array.AsSpan<float>()[index].ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            GgufValueType.Float64 => array.AsSpan<double>()[index].ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            GgufValueType.Bool => array.AsSpan<byte>()[index] != 0 ? "true" : "false",
            GgufValueType.UInt64 => array.AsSpan<ulong>()[index].ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => array.GetInt64(index).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
