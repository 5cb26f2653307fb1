using System.Globalization;
using System.Text;

namespace FastChat.Gguf;

/// <summary>
/// One metadata value. Numbers keep their exact stored type and bits; strings keep their raw bytes.
/// The As* accessors convert between integer widths when the value fits, and throw otherwise.
/// </summary>
public sealed class GgufValue
{
    private readonly ulong _bits;             // numeric and bool payloads, little-endian bit pattern
    private readonly byte[]? _stringBytes;
    private readonly GgufArray? _array;

    private GgufValue(GgufValueType type, ulong bits, byte[]? stringBytes, GgufArray? array)
    {
        Type = type;
        _bits = bits;
        _stringBytes = stringBytes;
        _array = array;
    }

    public GgufValueType Type { get; }

    public bool IsInteger => GgufValueTypes.IsInteger(Type);

    // ---- factories ------------------------------------------------------------------------------

    public static GgufValue UInt8(byte v) => new(GgufValueType.UInt8, v, null, null);
    public static GgufValue Int8(sbyte v) => new(GgufValueType.Int8, (byte)v, null, null);
    public static GgufValue UInt16(ushort v) => new(GgufValueType.UInt16, v, null, null);
    public static GgufValue Int16(short v) => new(GgufValueType.Int16, (ushort)v, null, null);
    public static GgufValue UInt32(uint v) => new(GgufValueType.UInt32, v, null, null);
    public static GgufValue Int32(int v) => new(GgufValueType.Int32, (uint)v, null, null);
    public static GgufValue UInt64(ulong v) => new(GgufValueType.UInt64, v, null, null);
    public static GgufValue Int64(long v) => new(GgufValueType.Int64, (ulong)v, null, null);
    public static GgufValue Float32(float v) => new(GgufValueType.Float32, BitConverter.SingleToUInt32Bits(v), null, null);
    public static GgufValue Float64(double v) => new(GgufValueType.Float64, BitConverter.DoubleToUInt64Bits(v), null, null);
    public static GgufValue Bool(bool v) => new(GgufValueType.Bool, v ? 1u : 0u, null, null);
    public static GgufValue String(string v) => new(GgufValueType.String, 0, Encoding.UTF8.GetBytes(v), null);
    public static GgufValue StringBytes(ReadOnlySpan<byte> utf8) => new(GgufValueType.String, 0, utf8.ToArray(), null);
    public static GgufValue Array(GgufArray v) => new(GgufValueType.Array, 0, null, v);

    /// <summary>A fixed-size scalar from its raw little-endian bits (used by the reader).</summary>
    internal static GgufValue FromBits(GgufValueType type, ulong bits) => new(type, bits, null, null);

    // ---- accessors ------------------------------------------------------------------------------

    public long AsInt64() => Type switch
    {
        GgufValueType.UInt8 or GgufValueType.UInt16 or GgufValueType.UInt32 => (long)_bits,
        GgufValueType.Int8 => (sbyte)(byte)_bits,
        GgufValueType.Int16 => (short)(ushort)_bits,
        GgufValueType.Int32 => (int)(uint)_bits,
        GgufValueType.Int64 => (long)_bits,
        GgufValueType.UInt64 when _bits <= long.MaxValue => (long)_bits,
        _ => throw Mismatch("an integer that fits in 64 signed bits"),
    };

    public ulong AsUInt64() => Type == GgufValueType.UInt64 ? _bits
        : AsInt64() is var v and >= 0 ? (ulong)v : throw Mismatch("a non-negative integer");

    public int AsInt32() => AsInt64() is var v and >= int.MinValue and <= int.MaxValue ? (int)v : throw Mismatch("a 32-bit integer");

    public uint AsUInt32() => AsInt64() is var v and >= 0 and <= uint.MaxValue ? (uint)v : throw Mismatch("an unsigned 32-bit integer");

    /// <summary>Float32 or Float64 (narrowed) or any integer.</summary>
    public float AsSingle() => (float)AsDouble();

    public double AsDouble() => Type switch
    {
        GgufValueType.Float32 => BitConverter.UInt32BitsToSingle((uint)_bits),
        GgufValueType.Float64 => BitConverter.UInt64BitsToDouble(_bits),
        _ when IsInteger => AsInt64(),
        _ => throw Mismatch("a number"),
    };

    public bool AsBool() => Type == GgufValueType.Bool ? _bits != 0 : throw Mismatch("a bool");

    public string AsString() => Encoding.UTF8.GetString(AsStringBytes());

    public ReadOnlySpan<byte> AsStringBytes() => _stringBytes ?? throw Mismatch("a string");

    public GgufArray AsArray() => _array ?? throw Mismatch("an array");

    /// <summary>Bytes this value occupies in a file, after its type tag.</summary>
    public long SerializedSize => Type switch
    {
        GgufValueType.String => 8 + _stringBytes!.Length,
        GgufValueType.Array => _array!.SerializedSize,
        _ => GgufValueTypes.FixedSize(Type),
    };

    internal void WriteTo(BinaryWriter writer)
    {
        switch (Type)
        {
            case GgufValueType.String:
                writer.Write((ulong)_stringBytes!.Length);
                writer.Write(_stringBytes);
                break;
            case GgufValueType.Array:
                _array!.WriteTo(writer);
                break;
            default:
                Span<byte> bits = stackalloc byte[8];
                BitConverter.TryWriteBytes(bits, _bits);
                writer.Write(bits[..GgufValueTypes.FixedSize(Type)]);
                break;
        }
    }

    private InvalidCastException Mismatch(string expected) =>
        new($"The value is {GgufValueTypes.ShortName(Type)} {this}, not {expected}.");

    public override string ToString() => Type switch
    {
        GgufValueType.String => AsString(),
        GgufValueType.Array => _array!.ToString(),
        GgufValueType.Bool => AsBool() ? "true" : "false",
        GgufValueType.Float32 => AsSingle().ToString("R", CultureInfo.InvariantCulture),
        GgufValueType.Float64 => AsDouble().ToString("R", CultureInfo.InvariantCulture),
        GgufValueType.UInt64 => _bits.ToString(CultureInfo.InvariantCulture),
        _ => AsInt64().ToString(CultureInfo.InvariantCulture),
    };
}
