namespace FastChat.Gguf;

/// <summary>Metadata value types, with the numeric values GGUF files store.</summary>
public enum GgufValueType : uint
{
    UInt8 = 0,
    Int8 = 1,
    UInt16 = 2,
    Int16 = 3,
    UInt32 = 4,
    Int32 = 5,
    Float32 = 6,
    Bool = 7,
    String = 8,
    Array = 9,
    UInt64 = 10,
    Int64 = 11,
    Float64 = 12,
}

/// <summary>Size rules and display names of metadata value types.</summary>
public static class GgufValueTypes
{
    /// <summary>Size in bytes of a fixed-size value, or 0 for String and Array.</summary>
    public static int FixedSize(GgufValueType type) => type switch
    {
        GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1,
        GgufValueType.UInt16 or GgufValueType.Int16 => 2,
        GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
        GgufValueType.UInt64 or GgufValueType.Int64 or GgufValueType.Float64 => 8,
        _ => 0,
    };

    /// <summary>Smallest number of bytes a value of this type can occupy (for bounds checks before allocating).</summary>
    public static int MinimumSize(GgufValueType type) => type switch
    {
        GgufValueType.String => 8,             // u64 length
        GgufValueType.Array => 4 + 8,          // element type + count
        _ => FixedSize(type),
    };

    public static bool IsDefined(uint raw) => raw <= (uint)GgufValueType.Float64;

    public static bool IsInteger(GgufValueType type) => type is GgufValueType.UInt8 or GgufValueType.Int8
        or GgufValueType.UInt16 or GgufValueType.Int16 or GgufValueType.UInt32 or GgufValueType.Int32
        or GgufValueType.UInt64 or GgufValueType.Int64;

    /// <summary>Short names used in listings ("u32", "f32", "str", ...).</summary>
    public static string ShortName(GgufValueType type) => type switch
    {
        GgufValueType.UInt8 => "u8",
        GgufValueType.Int8 => "i8",
        GgufValueType.UInt16 => "u16",
        GgufValueType.Int16 => "i16",
        GgufValueType.UInt32 => "u32",
        GgufValueType.Int32 => "i32",
        GgufValueType.UInt64 => "u64",
        GgufValueType.Int64 => "i64",
        GgufValueType.Float32 => "f32",
        GgufValueType.Float64 => "f64",
        GgufValueType.Bool => "bool",
        GgufValueType.String => "str",
        GgufValueType.Array => "arr",
        _ => $"type{(uint)type}",
    };
}
