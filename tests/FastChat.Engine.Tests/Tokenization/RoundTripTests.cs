using FastChat.Engine.Tokenization;

namespace FastChat.Engine.Tests.Tokenization;

/// <summary>Decode(Encode(text)) gives the text back for every lossless vocabulary (all but WordPiece).</summary>
public sealed class RoundTripTests
{
    /// <summary>Scripts, emoji sequences, astral letters and digits, odd whitespace, control characters, code.</summary>
    public static readonly string[] MultilingualTexts =
    [
        "Hello, world! How are you today?",
        "  leading and trailing spaces  ",
        "tabs\tand\nnewlines\r\n\r\nCRLF\n\n\n",
        "Ünïcödé façade naïve café Ærøskøbing",
        "Привет, мир! Как дела? Съешь же ещё этих мягких французских булок.",
        "こんにちは世界、元気ですか？ カタカナ ﾊﾝｶｸ",
        "你好，世界！我爱自然语言处理。天～",
        "안녕하세요 세계, 반갑습니다",
        "مرحبا بالعالم",
        "שלום עולם",
        "नमस्ते दुनिया",
        "Thai: สวัสดีครับ  Khmer: កាន់តែពិសេស",
        "🦙🚀👨‍👩‍👧‍👦 emoji ZWJ 🏳️‍🌈 flags 🇺🇸🇩🇪 skin 👍🏽",
        "Math: ∑∫√∞ ≠ ≤ ≥ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝟙𝟚𝟛 ½ ² ⅷ",
        "Code: for (int i = 0; i < 10; ++i) { x += i * 2; } // done\n\tif (a != b) return;",
        "   \t\t\n\n  \u00A0\u2003\u3000 mixed\u2028whitespace\u0085",
        "'s 're 've 'm 'll 'd 'S 'RE 'Ll — contractions I'm you're",
        "12345678901234567890 3.14159 1,000,000 ٣٤٥ ๑๒๓",
        "\u0000control\u0001chars\u007f\u200b\u200dzero-width",
        "e\u0301 combining and precomposed é, Å and A\u030A",
        "ᴀʙᴄ Ꭰ Ꮳ 𐐀𐐁 𐐨 Deseret, 𞤀𞤢 Adlam",
        "<s> </s> <|endoftext|> [CLS] <unk> written as plain text",
        new string('x', 3000) + " " + string.Concat(Enumerable.Repeat("word ", 400)),
    ];

    public static TheoryData<string> LosslessVocabularies() =>
    [
        "llama-spm", VocabularyFixtures.TinyLlama, "phi-3",
        "gpt-2", "deepseek-coder", "deepseek-llm", "falcon", "mpt", "starcoder", "refact",
    ];

    [Theory]
    [MemberData(nameof(LosslessVocabularies))]
    public void TestVectorTextsRoundTrip(string vocabulary)
    {
        var tokenizer = VocabularyFixtures.Get(vocabulary);
        foreach (var text in VocabularyFixtures.ReadInputs("llama-spm")) AssertRoundTrip(tokenizer, text);
    }

    [Theory]
    [MemberData(nameof(LosslessVocabularies))]
    public void MultilingualTextsRoundTrip(string vocabulary)
    {
        var tokenizer = VocabularyFixtures.Get(vocabulary);
        foreach (var text in MultilingualTexts) AssertRoundTrip(tokenizer, text);
    }

    private static void AssertRoundTrip(Tokenizer tokenizer, string text)
    {
        var plain = tokenizer.Encode(text, addSpecialTokens: false);
        Assert.Equal(text, tokenizer.Decode(plain));
        var framed = tokenizer.Encode(text, addSpecialTokens: true);
        Assert.Equal(text, tokenizer.Decode(framed));
    }
}
