using System.Text;

namespace FastChat.Gguf;

/// <summary>
/// Parses the GGUF header, metadata and tensor infos from a mapped file and validates the tensor layout.
/// Any count or length is checked against the bytes left before anything is allocated for it, so a corrupt
/// file costs at most memory proportional to its own size.
/// </summary>
internal static class GgufParser
{
    public const uint Magic = 0x46554747; // "GGUF" read as a little-endian u32
    public const uint DefaultAlignment = 32;
    private const int MaxArrayNesting = 8;
    private const int MinTensorInfoBytes = 8 + 4 + 8 + 4 + 8; // name length, n_dims, one dim, type, offset
    private const int MinKeyValueBytes = 8 + 4 + 1;            // key length, type, smallest value

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public sealed record Header(uint Version, uint Alignment, long DataOffset, GgufMetadata Metadata, IReadOnlyList<GgufTensorInfo> Tensors);

    public static unsafe Header Parse(byte* start, long length)
    {
        var cursor = new GgufCursor(start, length);

        var magic = cursor.ReadUInt32("magic");
        if (magic != Magic)
            throw new GgufFormatException("magic", 0, $"0x{magic:X8} is not \"GGUF\" (0x{Magic:X8}); this is not a GGUF file");

        var version = cursor.ReadUInt32("version");
        if (version is not (2 or 3))
            throw new GgufFormatException("version", 4, $"version {version} is not supported (2 and 3 are)");

        var tensorCount = cursor.ReadCount("tensor_count", MinTensorInfoBytes);
        var kvCount = cursor.ReadCount("metadata_kv_count", MinKeyValueBytes);

        var metadata = new GgufMetadata();
        for (long i = 0; i < kvCount; i++)
        {
            var keyAt = cursor.Position;
            var key = DecodeUtf8(cursor.ReadStringBytes($"kv[{i}].key"), $"kv[{i}].key", keyAt);
            var type = ReadValueType(ref cursor, $"kv[{i}] '{key}'.type");
            var value = ReadValue(ref cursor, type, $"kv[{i}] '{key}'", depth: 0);
            if (!metadata.TryAddNew(key, value))
                throw new GgufFormatException($"kv[{i}].key", keyAt, $"duplicate key '{key}'");
        }

        var alignment = ReadAlignment(metadata);

        var tensors = new GgufTensorInfo[tensorCount];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (long i = 0; i < tensorCount; i++)
        {
            tensors[i] = ReadTensorInfo(ref cursor, i, alignment);
            if (!names.Add(tensors[i].Name))
                throw new GgufFormatException($"tensor[{i}].name", -1, $"duplicate tensor name '{tensors[i].Name}'");
        }

        var dataOffset = AlignUp(cursor.Position, alignment);
        ValidateLayout(tensors, dataOffset, length);
        return new Header(version, alignment, dataOffset, metadata, tensors);
    }

    public static long AlignUp(long value, long alignment) => (value + alignment - 1) / alignment * alignment;

    private static uint ReadAlignment(GgufMetadata metadata)
    {
        if (!metadata.TryGetValue(GgufKeys.Alignment, out var value)) return DefaultAlignment;
        if (value.Type != GgufValueType.UInt32)
            throw new GgufFormatException(GgufKeys.Alignment, -1, $"must be a u32, not {GgufValueTypes.ShortName(value.Type)}");
        var alignment = value.AsUInt32();
        if (alignment == 0 || (alignment & (alignment - 1)) != 0)
            throw new GgufFormatException(GgufKeys.Alignment, -1, $"{alignment} is not a power of two");
        return alignment;
    }

    private static GgufValueType ReadValueType(ref GgufCursor cursor, string field)
    {
        var at = cursor.Position;
        var raw = cursor.ReadUInt32(field);
        if (!GgufValueTypes.IsDefined(raw))
            throw new GgufFormatException(field, at, $"value type {raw} is unknown");
        return (GgufValueType)raw;
    }

    private static GgufValue ReadValue(ref GgufCursor cursor, GgufValueType type, string field, int depth)
    {
        switch (type)
        {
            case GgufValueType.String:
                return GgufValue.StringBytes(cursor.ReadStringBytes(field));
            case GgufValueType.Array:
                return GgufValue.Array(ReadArray(ref cursor, field, depth));
            default:
                return GgufValue.FromBits(type, cursor.ReadBits(GgufValueTypes.FixedSize(type), field));
        }
    }

    private static GgufArray ReadArray(ref GgufCursor cursor, string field, int depth)
    {
        var at = cursor.Position;
        if (depth >= MaxArrayNesting)
            throw new GgufFormatException(field, at, $"arrays nested deeper than {MaxArrayNesting} levels");
        var elementType = ReadValueType(ref cursor, field + ".element_type");
        var count = cursor.ReadCount(field + ".count", GgufValueTypes.MinimumSize(elementType));
        if (count > int.MaxValue)
            throw new GgufFormatException(field + ".count", at + 4, $"{count} elements is more than an array can hold");

        switch (elementType)
        {
            case GgufValueType.String:
                return ReadStringArray(ref cursor, (int)count, field);
            case GgufValueType.Array:
                var arrays = new GgufArray[count];
                for (var i = 0; i < arrays.Length; i++)
                    arrays[i] = ReadArray(ref cursor, $"{field}[{i}]", depth + 1);
                return GgufArray.FromArrays(arrays);
            default:
                var bytes = cursor.Take(count * GgufValueTypes.FixedSize(elementType), field + ".data");
                return GgufArray.FromRawFixed(elementType, (int)count, bytes.ToArray());
        }
    }

    // Two passes: measure (validating every length), then copy into one blob. No per-string allocation.
    private static GgufArray ReadStringArray(ref GgufCursor cursor, int count, string field)
    {
        var start = cursor.Position;
        long total = 0;
        for (var i = 0; i < count; i++)
            total += cursor.ReadStringBytes(field).Length;
        if (total > Array.MaxLength)
            throw new GgufFormatException(field, start, $"{total} bytes of strings is more than an array can hold");

        cursor.Position = start;
        var blob = new byte[total];
        var offsets = new int[count + 1];
        var written = 0;
        for (var i = 0; i < count; i++)
        {
            var bytes = cursor.ReadStringBytes(field);
            bytes.CopyTo(blob.AsSpan(written));
            written += bytes.Length;
            offsets[i + 1] = written;
        }
        return GgufArray.FromRawStrings(count, blob, offsets);
    }

    private static GgufTensorInfo ReadTensorInfo(ref GgufCursor cursor, long index, uint alignment)
    {
        var field = $"tensor[{index}]";
        var nameAt = cursor.Position;
        var name = DecodeUtf8(cursor.ReadStringBytes(field + ".name"), field + ".name", nameAt);
        field = $"tensor[{index}] '{name}'";
        if (name.Length == 0) throw new GgufFormatException(field + ".name", nameAt, "tensor name is empty");

        var dimsAt = cursor.Position;
        var dimCount = cursor.ReadUInt32(field + ".n_dims");
        if (dimCount is < 1 or > GgufTensorInfo.MaxDimensions)
            throw new GgufFormatException(field + ".n_dims", dimsAt, $"{dimCount} dimensions (1 to {GgufTensorInfo.MaxDimensions} allowed)");

        var dims = new long[dimCount];
        long elements = 1;
        for (var d = 0; d < dimCount; d++)
        {
            var at = cursor.Position;
            var size = cursor.ReadUInt64($"{field}.ne[{d}]");
            if (size > long.MaxValue || (size > 0 && elements > long.MaxValue / (long)size))
                throw new GgufFormatException($"{field}.ne[{d}]", at, $"dimension {size} makes the element count overflow");
            dims[d] = (long)size;
            elements *= (long)size;
        }

        var typeAt = cursor.Position;
        var rawType = cursor.ReadUInt32(field + ".type");
        var type = (GgmlType)rawType;
        if (!GgmlTypes.TryGetInfo(type, out var info))
            throw new GgufFormatException(field + ".type", typeAt, GgmlTypes.DescribeUnknown(rawType));
        if (dims[0] % info.BlockSize != 0)
            throw new GgufFormatException($"{field}.ne[0]", dimsAt + 4,
                $"row length {dims[0]} is not a multiple of the {info.Name} block size {info.BlockSize}");
        if (elements / info.BlockSize > long.MaxValue / info.BlockBytes)
            throw new GgufFormatException(field, dimsAt, "tensor byte size overflows");

        var offsetAt = cursor.Position;
        var offset = cursor.ReadUInt64(field + ".offset");
        if (offset > long.MaxValue || offset % alignment != 0)
            throw new GgufFormatException(field + ".offset", offsetAt, $"{offset} is not a multiple of the alignment {alignment}");

        return new GgufTensorInfo(name, type, dims, (long)offset);
    }

    private static void ValidateLayout(GgufTensorInfo[] tensors, long dataOffset, long fileLength)
    {
        if (tensors.Length == 0) return;
        var dataLength = fileLength - dataOffset;
        var byOffset = tensors.Select((t, i) => (Tensor: t, Index: i)).OrderBy(p => p.Tensor.Offset).ToArray();
        for (var k = 0; k < byOffset.Length; k++)
        {
            var (tensor, index) = byOffset[k];
            var field = $"tensor[{index}] '{tensor.Name}'.offset";
            if (tensor.ByteSize > dataLength || tensor.Offset > dataLength - tensor.ByteSize)
                throw new GgufFormatException(field, -1,
                    $"data [{dataOffset + tensor.Offset}, +{tensor.ByteSize}) lies beyond the end of the file ({fileLength} bytes)");
            if (k + 1 < byOffset.Length && tensor.Offset + tensor.ByteSize > byOffset[k + 1].Tensor.Offset)
            {
                var next = byOffset[k + 1];
                throw new GgufFormatException(field, -1,
                    $"data overlaps tensor[{next.Index}] '{next.Tensor.Name}' (ends at {tensor.Offset + tensor.ByteSize}, next starts at {next.Tensor.Offset})");
            }
        }
    }

    private static string DecodeUtf8(ReadOnlySpan<byte> bytes, string field, long offset)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new GgufFormatException(field, offset, "is not valid UTF-8");
        }
    }
}
