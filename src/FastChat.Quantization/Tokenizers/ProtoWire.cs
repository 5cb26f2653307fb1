namespace FastChat.Quantization.Tokenizers;

/// <summary>
/// The few protobuf wire-format pieces a sentencepiece ModelProto needs: varints, fixed 32/64-bit values and
/// length-delimited fields. Reading checks every length against the buffer.
/// </summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> data, string what)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly bool AtEnd => _position >= _data.Length;

    /// <summary>Next field number and wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).</summary>
    public (int Field, int WireType) ReadTag()
    {
        var tag = ReadVarint();
        var field = (int)(tag >> 3);
        if (field == 0) throw Corrupt("field number 0");
        return (field, (int)(tag & 7));
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length) throw Corrupt("truncated varint");
            var b = _data[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw Corrupt("varint longer than 10 bytes");
    }

    public float ReadFloat() => BitConverter.Int32BitsToSingle((int)ReadFixed(4));

    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadVarint();
        if (length > (ulong)(_data.Length - _position)) throw Corrupt($"a field of {length} bytes runs past the end");
        var bytes = _data.Slice(_position, (int)length);
        _position += (int)length;
        return bytes;
    }

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case 0: ReadVarint(); break;
            case 1: ReadFixed(8); break;
            case 2: ReadBytes(); break;
            case 5: ReadFixed(4); break;
            default: throw Corrupt($"unsupported wire type {wireType}");
        }
    }

    private ulong ReadFixed(int size)
    {
        if (_data.Length - _position < size) throw Corrupt("truncated fixed-size field");
        ulong value = 0;
        for (var i = 0; i < size; i++) value |= (ulong)_data[_position + i] << (8 * i);
        _position += size;
        return value;
    }

    private readonly ModelConversionException Corrupt(string why) => new($"{what}: not a valid protobuf message ({why} at byte {_position})");
}

/// <summary>Writes protobuf fields into a growing buffer.</summary>
internal sealed class ProtoWriter
{
    private readonly MemoryStream _buffer = new();

    public void WriteVarintField(int field, ulong value)
    {
        WriteVarint((ulong)field << 3);
        WriteVarint(value);
    }

    public void WriteFloatField(int field, float value)
    {
        WriteVarint(((ulong)field << 3) | 5);
        _buffer.Write(BitConverter.GetBytes(value));
    }

    public void WriteBytesField(int field, ReadOnlySpan<byte> bytes)
    {
        WriteVarint(((ulong)field << 3) | 2);
        WriteVarint((ulong)bytes.Length);
        _buffer.Write(bytes);
    }

    public byte[] ToArray() => _buffer.ToArray();

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _buffer.WriteByte((byte)value);
    }
}
