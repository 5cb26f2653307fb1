namespace FastChat.Engine.Tokenization;

/// <summary>
/// GPT-2's byte-to-character table: byte-level BPE vocabularies spell every byte as a printable character
/// (printable Latin-1 bytes stand for themselves, the other 68 map to U+0100 onwards, e.g. space -> 'Ġ').
/// </summary>
internal static class ByteLevelMapping
{
    /// <summary>Byte -> the character that spells it in the vocabulary.</summary>
    public static readonly char[] ByteToChar = BuildByteToChar();

    /// <summary>Character -> byte, for characters U+0000..U+01FF; -1 where a character spells no byte.</summary>
    private static readonly short[] CharToByte = BuildCharToByte();

    public static bool TryGetByte(int codePoint, out byte value)
    {
        if ((uint)codePoint < (uint)CharToByte.Length && CharToByte[codePoint] >= 0)
        {
            value = (byte)CharToByte[codePoint];
            return true;
        }
        value = 0;
        return false;
    }

    private static char[] BuildByteToChar()
    {
        var map = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            map[b] = printable ? (char)b : (char)next++;
        }
        return map;
    }

    private static short[] BuildCharToByte()
    {
        var map = new short[512];
        Array.Fill(map, (short)-1);
        for (var b = 0; b < 256; b++) map[ByteToChar[b]] = (short)b;
        return map;
    }
}
