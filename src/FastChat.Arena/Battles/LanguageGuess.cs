using System.Globalization;
using System.Text;

namespace FastChat.Arena.Battles;

/// <summary>
/// A script-based language guess for the first user message. FastChat asks polyglot; without a language model we
/// name the dominant non-Latin script's main language and call Latin text English, or "unknown" when there are no letters.
/// </summary>
public static class LanguageGuess
{
    /// <summary>"English", "Chinese", "Japanese", "Korean", "Russian", "Arabic", "Hebrew", "Greek", "Thai", "Hindi" or "unknown".</summary>
    public static string Detect(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "unknown";
        var counts = new Dictionary<string, int>();
        var kana = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (!Rune.IsLetter(rune)) continue;
            var language = Script(rune.Value, ref kana);
            counts[language] = counts.GetValueOrDefault(language) + 1;
        }
        if (counts.Count == 0) return "unknown";
        if (kana > 0 && counts.ContainsKey("Chinese")) return "Japanese"; // kanji with kana is Japanese
        return counts.MaxBy(kv => kv.Value).Key;
    }

    private static string Script(int cp, ref int kana)
    {
        if (cp is >= 0x3040 and <= 0x30FF) { kana++; return "Japanese"; }
        return cp switch
        {
            >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0x20000 and <= 0x2A6DF => "Chinese",
            >= 0xAC00 and <= 0xD7AF or >= 0x1100 and <= 0x11FF => "Korean",
            >= 0x0400 and <= 0x04FF => "Russian",
            >= 0x0600 and <= 0x06FF => "Arabic",
            >= 0x0590 and <= 0x05FF => "Hebrew",
            >= 0x0370 and <= 0x03FF => "Greek",
            >= 0x0E00 and <= 0x0E7F => "Thai",
            >= 0x0900 and <= 0x097F => "Hindi",
            _ => CharUnicodeInfo.GetUnicodeCategory(cp) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter ? "English" : "unknown",
        };
    }
}
