using System.Buffers.Binary;

namespace FastChat.Gguf;

/// <summary>
/// Bounds-checked little-endian reads over a mapped file. Every read that would cross the end throws a
/// <see cref="GgufFormatException"/> naming the field and its offset, so corrupt input can never read out of range.
/// </summary>
internal unsafe struct GgufCursor(byte* start, long length)
{
    public long Position;

    public readonly long Length => length;

    public readonly long Remaining => length - Position;

    public uint ReadUInt32(string field) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, field));

    public ulong ReadUInt64(string field) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, field));

    /// <summary>Reads 1, 2, 4 or 8 bytes as an unsigned little-endian bit pattern.</summary>
    public ulong ReadBits(int size, string field)
    {
        var bytes = Take(size, field);
        return size switch
        {
            1 => bytes[0],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(bytes),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(bytes),
        };
    }

    /// <summary>A u64 count or length that must leave room for <paramref name="minBytesEach"/> bytes per item.</summary>
    public long ReadCount(string field, long minBytesEach)
    {
        var at = Position;
        var count = ReadUInt64(field);
        var room = (ulong)Remaining / (ulong)Math.Max(1, minBytesEach);
        if (count > room)
            throw new GgufFormatException(field, at, $"{count} does not fit in the {Remaining} bytes that follow");
        return (long)count;
    }

    /// <summary>A GGUF string (u64 length + bytes), returned as a view into the file.</summary>
    public ReadOnlySpan<byte> ReadStringBytes(string field)
    {
        // Hot for vocabularies (one call per token): the ".length" field name is built only on failure.
        var at = Position;
        if (Remaining < 8) throw new GgufFormatException(field + ".length", at, $"needs 8 bytes but the file ends after {Remaining}");
        var length = ReadUInt64(field);
        if (length > (ulong)Remaining)
            throw new GgufFormatException(field + ".length", at, $"{length} does not fit in the {Remaining} bytes that follow");
        return Take((long)length, field);
    }

    public ReadOnlySpan<byte> Take(long count, string field)
    {
        if (count > Remaining)
            throw new GgufFormatException(field, Position, $"needs {count} bytes but the file ends after {Remaining}");
        if (count > int.MaxValue)
            throw new GgufFormatException(field, Position, $"{count} bytes is larger than a metadata field can be");
        var span = new ReadOnlySpan<byte>(start + Position, (int)count);
        Position += count;
        return span;
    }
}
