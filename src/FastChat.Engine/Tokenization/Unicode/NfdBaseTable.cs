namespace FastChat.Engine.Tokenization.Unicode;

/// <summary>Maps a code point to the first code point of its canonical decomposition (see the generator script).</summary>
internal static partial class NfdBaseTable
{
    public static int BaseOf(int codePoint)
    {
        if (codePoint < 0xC0) return codePoint; // nothing below 'À' decomposes
        var ranges = Ranges;
        int lo = 0, hi = ranges.Length / 3 - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var first = ranges[mid * 3];
            if (codePoint < first) hi = mid - 1;
            else if (codePoint > ranges[mid * 3 + 1]) lo = mid + 1;
            else return ranges[mid * 3 + 2];
        }
        return codePoint;
    }
}
