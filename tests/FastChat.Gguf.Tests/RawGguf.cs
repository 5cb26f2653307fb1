using System.Text;

namespace FastChat.Gguf.Tests;

/// <summary>
/// Writes GGUF bytes field by field, with no validation, so tests can build exactly the malformed file they
/// need. Independent of <see cref="GgufWriter"/>; records the offset of every field it writes.
/// </summary>
internal sealed class RawGguf
{
    private readonly MemoryStream _stream = new();
    private readonly BinaryWriter _writer;

    public RawGguf() => _writer = new BinaryWriter(_stream, Encoding.UTF8, leaveOpen: true);

    public Dictionary<string, long> Offsets { get; } = [];

    public long Position => _stream.Position;

    public RawGguf Header(uint version = 3, ulong tensorCount = 0, ulong kvCount = 0, uint magic = 0x46554747)
    {
        Mark("magic").U32(magic);
        Mark("version").U32(version);
        Mark("tensor_count").U64(tensorCount);
        Mark("kv_count").U64(kvCount);
        return this;
    }

    public RawGguf Mark(string name)
    {
        Offsets[name] = _stream.Position;
        return this;
    }

    public RawGguf U8(byte v) { _writer.Write(v); return this; }
    public RawGguf U32(uint v) { _writer.Write(v); return this; }
    public RawGguf U64(ulong v) { _writer.Write(v); return this; }
    public RawGguf F32(float v) { _writer.Write(v); return this; }
    public RawGguf Bytes(ReadOnlySpan<byte> v) { _writer.Write(v); return this; }

    public RawGguf Str(string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        return U64((ulong)bytes.Length).Bytes(bytes);
    }

    public RawGguf KvU32(string key, uint value) => Str(key).U32((uint)GgufValueType.UInt32).U32(value);

    public RawGguf KvString(string key, string value) => Str(key).U32((uint)GgufValueType.String).Str(value);

    /// <summary>A tensor info: name, dims, type, offset.</summary>
    public RawGguf Tensor(string name, ulong[] dims, uint type, ulong offset)
    {
        Mark(name).Str(name).U32((uint)dims.Length);
        foreach (var d in dims) U64(d);
        return Mark(name + ".type").U32(type).Mark(name + ".offset").U64(offset);
    }

    public RawGguf PadTo(long alignment)
    {
        while (_stream.Position % alignment != 0) _writer.Write((byte)0);
        return this;
    }

    public RawGguf Zeros(int count)
    {
        _writer.Write(new byte[count]);
        return this;
    }

    public byte[] ToArray()
    {
        _writer.Flush();
        return _stream.ToArray();
    }

    /// <summary>A valid file: two F32 tensors of 8 elements, one u32 and one string key.</summary>
    public static RawGguf Valid(out long dataStart)
    {
        var raw = new RawGguf().Header(tensorCount: 2, kvCount: 2)
            .KvString("general.architecture", "llama")
            .KvU32("llama.block_count", 1)
            .Tensor("a", [8], (uint)GgmlType.F32, 0)
            .Tensor("b", [4, 2], (uint)GgmlType.F32, 32)
            .PadTo(32);
        dataStart = raw.Position;
        for (var i = 0; i < 16; i++) raw.F32(i);
        return raw;
    }
}
