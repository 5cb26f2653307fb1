using FastChat.Engine.Tokenization;

namespace FastChat.Engine.Tests.Tokenization;

public sealed class PreTokenizerTests
{
    private static string[] Split(string name, string text)
    {
        var pieces = new List<(int Start, int Length)>();
        BpePreTokenizer.ForName(name).Split(text, pieces);
        return pieces.Select(p => text.Substring(p.Start, p.Length)).ToArray();
    }

    [Fact]
    public void Gpt2SplitsContractionsWordsNumbersAndSpaces() =>
        Assert.Equal(["Hello", " world", "'s", " ", " 42", "!!", "\n"], Split("gpt-2", "Hello world's  42!!\n"));

    [Fact]
    public void Llama3GroupsDigitsByThreeAndKeepsNewlinesTogether() =>
        Assert.Equal(["123", "45", " x", "'S", "\n\n", " ", " y"], Split("llama-bpe", "12345 x'S\n\n  y"));

    [Fact]
    public void LettersBeyondTheBmpCountAsLetters() =>
        // 𝔘𝔫𝔦 are mathematical letters (surrogate pairs in UTF-16): one word with its space, as with code points.
        Assert.Equal(["x", " 𝔘𝔫𝔦", " y"], Split("gpt-2", "x 𝔘𝔫𝔦 y"));

    [Fact]
    public void NonAsciiWhitespaceIsWhitespace() =>
        Assert.Equal(["a", "\u3000", "b"], Split("gpt-2", "a\u3000b"));

    [Fact]
    public void PatternsApplyInTurnToEachPiece()
    {
        Assert.Equal(["123", "45", "!", " ab"], Split("falcon", "12345! ab"));
        Assert.Equal(["1", "2", " ab"], Split("starcoder", "12 ab"));
        Assert.Equal(["\n", "Hi", "  ", "你好", "123"], Split("deepseek-llm", "\nHi  你好123"));
        Assert.Equal(["a", " b", "  "], Split("deepseek-llm", "a b  ")); // trailing whitespace of a piece
        Assert.Equal(["x", "=", "1", ";"], Split("deepseek-coder", "x=1;"));
    }

    [Fact]
    public void EveryKnownPreTokenizerSplitsLosslessly()
    {
        foreach (var name in BpePreTokenizer.KnownNames)
            foreach (var text in RoundTripTests.MultilingualTexts)
                Assert.Equal(text, string.Concat(Split(name, text)));
    }

    [Fact]
    public void Gpt2ScannerFindsTheRegexMatches()
    {
        var pool = "aZéñß \t\n\r\v  ''''sStTmdrevl0123456789½²!?.,;:-_()[]{}<>$+=^`|~\"#%&*/\\\u00A0\u3000\u2003\u0301\u200D\u0085\u0000\u001F😀𝔘𝟙中文"
            .EnumerateRunes().Select(r => r.ToString()).ToArray();
        var random = new Random(1234);
        var texts = Enumerable.Range(0, 4000)
            .Select(_ => string.Concat(Enumerable.Range(0, random.Next(0, 24)).Select(_ => pool[random.Next(pool.Length)])))
            .Concat(RoundTripTests.MultilingualTexts)
            .Concat(VocabularyFixtures.ReadInputs("llama-spm"));
        var regex = SplitPattern.FromRegex(PreTokenizerPatterns.Gpt2);
        var view = new CodePointView();
        List<(int, int)> expected = [], actual = [];
        foreach (var text in texts)
        {
            view.Build(text);
            expected.Clear();
            actual.Clear();
            regex.FindMatches(view.Chars, expected);
            Gpt2Scanner.Instance.FindMatches(view.Chars, actual);
            Assert.True(expected.SequenceEqual(actual), $"{System.Text.Json.JsonSerializer.Serialize(text)}: regex {string.Join(",", expected)} scanner {string.Join(",", actual)}");
        }
    }

    [Fact]
    public void UnknownNamesAreRejected() =>
        Assert.Equal("tokenizer.ggml.pre", Assert.Throws<TokenizerException>(() => BpePreTokenizer.ForName("tekken2")).Key);
}
