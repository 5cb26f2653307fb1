using System.Text.RegularExpressions;

namespace FastChat.Engine.Tokenization;

/// <summary>
/// The split patterns of the pre-tokenizers that BPE vocabularies name in tokenizer.ggml.pre, written from each
/// model's published tokenizer definition and compiled at build time by the regex source generator.
/// <para>
/// Differences from the originals, all deliberate: case-insensitive contractions are spelled out ('[sS]) so no
/// culture or Unicode case folding (Kelvin sign, long s) sneaks in; "$" is written "\z" because .NET's "$" also
/// matches before a final newline; ranges beyond the BMP are written as surrogate pairs. Patterns that use
/// \p{..} classes run on text in which every code point is one char (see <see cref="CodePointView"/>), so
/// letters and digits outside the BMP are classed as the originals class them.
/// </para>
/// </summary>
internal static partial class PreTokenizerPatterns
{
    private const string Gpt2Core = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";
    private const string Contractions = "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])";

    /// <summary>GPT-2: contractions, letters, numbers, other symbols, each optionally after one space; whitespace runs.</summary>
    [GeneratedRegex(Gpt2Core)]
    public static partial Regex Gpt2 { get; }

    /// <summary>Llama 3: letters may follow one non-letter, numbers go in groups of up to three, newlines stay together.</summary>
    [GeneratedRegex(Contractions + @"|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")]
    public static partial Regex Llama3 { get; }

    /// <summary>Qwen2: Llama 3's pattern with single digits.</summary>
    [GeneratedRegex(Contractions + @"|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")]
    public static partial Regex Qwen2 { get; }

    /// <summary>Runs of punctuation and ASCII symbols (llama.cpp's default first split).</summary>
    [GeneratedRegex(@"[\p{P}\$\+<=>\^~\|]+")]
    public static partial Regex PunctuationRuns { get; }

    /// <summary>Falcon's first split: punctuation and ASCII symbols including the backtick.</summary>
    [GeneratedRegex(@"[\p{P}\$\+<=>\^~\|`]+")]
    public static partial Regex FalconPunctuationRuns { get; }

    [GeneratedRegex(@"\p{N}+")]
    public static partial Regex NumberRuns { get; }

    [GeneratedRegex(@"\p{N}")]
    public static partial Regex SingleNumber { get; }

    [GeneratedRegex("[0-9][0-9][0-9]")]
    public static partial Regex ThreeAsciiDigits { get; }

    [GeneratedRegex(@"[\r\n]")]
    public static partial Regex SingleNewline { get; }

    /// <summary>DeepSeek Coder: letters after an optional whitespace.</summary>
    [GeneratedRegex(@"\s?\p{L}+")]
    public static partial Regex SpacedLetters { get; }

    /// <summary>DeepSeek Coder: punctuation after an optional whitespace.</summary>
    [GeneratedRegex(@"\s?\p{P}+")]
    public static partial Regex SpacedPunctuation { get; }

    /// <summary>DeepSeek: runs of CJK ideographs, the blocks U+0800..U+4E00 and Hangul.</summary>
    [GeneratedRegex(@"[\u4E00-\u9FA5\u0800-\u4E00\uAC00-\uD7FF]+")]
    public static partial Regex CjkRuns { get; }

    /// <summary>DeepSeek LLM: cased letters (an explicit list of Latin, Greek, Cyrillic, Armenian, Georgian, ... ranges).</summary>
    [GeneratedRegex(@"\s?(?:[\u0041-\u005A\u0061-\u007A\u00B5\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u01BA\u01BC-\u01BF\u01C4-\u0293\u0295-\u02AF\u0370-\u0373\u0376-\u0377\u037B-\u037D\u037F\u0386\u0388-\u038A\u038C\u038E-\u03A1\u03A3-\u03F5\u03F7-\u0481\u048A-\u052F\u0531-\u0556\u10A0-\u10C5\u13A0-\u13F5\u13F8-\u13FD\u1C90-\u1CBA\u1CBD-\u1CBF\u1D00-\u1D2B\u1D6B-\u1D77\u1D79-\u1D9A\u1E00-\u1F15\u1F18-\u1F1D\u1F20-\u1F45\u1F48-\u1F4D\u1F50-\u1F57\u1F59\u1F5B\u1F5D\u1F5F-\u1F7D\u1F80-\u1FB4\u1FB6-\u1FBC\u1FBE\u1FC2-\u1FC4\u1FC6-\u1FCC\u1FD0-\u1FD3\u1FD6-\u1FDB\u1FE0-\u1FEC\u1FF2-\u1FF4\u1FF6-\u1FFC\u2102\u2107\u210A-\u2113\u2115\u2119-\u211D\u2124\u2126\u2128\u212A-\u212D\u212F-\u2134\u2139\u213C-\u213F\u2145-\u2149\u214E\u2183-\u2184\u2C00-\u2C7B\u2C7E-\u2CE4\u2CEB-\u2CEE\u2CF2-\u2CF3\uA640-\uA66D\uA680-\uA69B\uA722-\uA76F\uA771-\uA787\uA78B-\uA78E\uAB70-\uABBF\uFB00-\uFB06\uFB13-\uFB17\uFF21-\uFF3A\uFF41-\uFF5A]|\uD801[\uDC00-\uDC4F\uDCB0-\uDCD3\uDCD8-\uDCFB]|\uD803[\uDC80-\uDCB2\uDCC0-\uDCF2]|\uD806[\uDCA0-\uDCDF]|\uD83A[\uDD00-\uDD43])+")]
    public static partial Regex DeepSeekLetters { get; }

    /// <summary>DeepSeek LLM: ASCII and full-width punctuation, quotes, ideographic full stops, after an optional whitespace.</summary>
    [GeneratedRegex(@"\s?[\u0021-\u002F\u003A-\u007E\uFF01-\uFF0F\uFF1A-\uFF5E\u2018-\u201F\u3000-\u3002]+")]
    public static partial Regex DeepSeekPunctuation { get; }

    /// <summary>Trailing whitespace of a fragment.</summary>
    [GeneratedRegex(@"\s+\z")]
    public static partial Regex TrailingWhitespace { get; }

    /// <summary>BLOOM / Poro / GPT-3 Finnish: words with an optional leading space, up to whitespace or sentence punctuation.</summary>
    [GeneratedRegex(@" ?[^(\s|.,!?…。，、।۔،)]+")]
    public static partial Regex BloomWords { get; }
}
