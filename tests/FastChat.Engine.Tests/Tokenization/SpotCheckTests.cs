using FastChat.Engine.Tokenization;

namespace FastChat.Engine.Tests.Tokenization;

/// <summary>
/// Vocabularies without test vectors: facts that follow from the vocabulary itself (a word that is one entry
/// encodes to that entry; digit rules of each pre-tokenizer) and that every vocabulary loads sensibly.
/// </summary>
public sealed class SpotCheckTests
{
    public static TheoryData<string, TokenizerKind, int> AllVocabularies() => new()
    {
        { "llama-spm", TokenizerKind.Spm, 32000 },
        { VocabularyFixtures.TinyLlama, TokenizerKind.Spm, 32000 },
        { "phi-3", TokenizerKind.Spm, 32064 },
        { "gpt-2", TokenizerKind.Bpe, 50257 },
        { "deepseek-coder", TokenizerKind.Bpe, 32256 },
        { "deepseek-llm", TokenizerKind.Bpe, 102400 },
        { "falcon", TokenizerKind.Bpe, 65024 },
        { "mpt", TokenizerKind.Bpe, 50432 },
        { "starcoder", TokenizerKind.Bpe, 49152 },
        { "refact", TokenizerKind.Bpe, 49216 },
        { "bert-bge", TokenizerKind.Wpm, 30522 },
    };

    [Theory]
    [MemberData(nameof(AllVocabularies))]
    public void EveryVocabularyLoads(string vocabulary, TokenizerKind kind, int size)
    {
        var tokenizer = VocabularyFixtures.Get(vocabulary);
        Assert.Equal(kind, tokenizer.Kind);
        Assert.Equal(size, tokenizer.VocabularySize);
        Assert.NotEmpty(tokenizer.Encode("Hello world", addSpecialTokens: false));
    }

    [Theory]
    [InlineData("gpt-2")]
    [InlineData("deepseek-coder")]
    [InlineData("deepseek-llm")]
    [InlineData("falcon")]
    [InlineData("mpt")]
    [InlineData("starcoder")]
    [InlineData("refact")]
    public void WordsThatAreOneBpeEntryEncodeToThatEntry(string vocabulary)
    {
        var tokenizer = VocabularyFixtures.Get(vocabulary);
        var checkedWords = 0;
        foreach (var word in new[] { "Hello", " hello", " world", " the", " tokenizer", " function", " return", " import" })
        {
            var spelled = word.Replace(' ', 'Ġ'); // the byte-level spelling of a leading space
            if (tokenizer.Vocabulary.GetIdOrNull(spelled) is not { } id) continue;
            Assert.Equal([id], tokenizer.Encode(word, addSpecialTokens: false));
            checkedWords++;
        }
        Assert.True(checkedWords >= 4, $"only {checkedWords} words are single entries");
    }

    [Theory]
    [InlineData("llama-spm")]
    [InlineData("phi-3")]
    public void WordsThatAreOneSpmEntryEncodeToThatEntry(string vocabulary)
    {
        var tokenizer = VocabularyFixtures.Get(vocabulary);
        foreach (var word in new[] { "Hello", "world", "function", "return" })
        {
            var id = tokenizer.Vocabulary.GetIdOrNull("▁" + word)!.Value;
            Assert.Equal([id], tokenizer.Encode(word, addSpecialTokens: false));
        }
        Assert.Equal([15043, 3186], tokenizer.Encode("Hello world", addSpecialTokens: false)); // phi-3 extends Llama-2's vocabulary
    }

    [Fact]
    public void DigitRulesFollowThePreTokenizer()
    {
        int[] Digits(Tokenizer t, params string[] pieces) => pieces.Select(p => t.Vocabulary.GetIdOrNull(p)!.Value).ToArray();

        var starcoder = VocabularyFixtures.Get("starcoder"); // every digit apart
        Assert.Equal(Digits(starcoder, "2", "0", "2", "4"), starcoder.Encode("2024", addSpecialTokens: false));
        var refact = VocabularyFixtures.Get("refact");
        Assert.Equal(Digits(refact, "2", "0", "2", "4"), refact.Encode("2024", addSpecialTokens: false));
        var falcon = VocabularyFixtures.Get("falcon"); // groups of three ASCII digits from the left
        Assert.Equal(Digits(falcon, "123", "45"), falcon.Encode("12345", addSpecialTokens: false));
    }

    [Fact]
    public void WordPieceLowercasesStripsAccentsAndSplitsPunctuation()
    {
        var bert = VocabularyFixtures.Get("bert-bge");
        int Id(string piece) => bert.Vocabulary.GetIdOrNull(piece)!.Value;
        Assert.Equal([Id("▁cafe"), Id("▁!")], bert.Encode("CAFÉ!", addSpecialTokens: false));
        Assert.Equal([Id("▁fu"), Id("hrer")], bert.Encode("Führer", addSpecialTokens: false));
        Assert.Equal([100], bert.Encode("🦙", addSpecialTokens: false)); // [UNK]
    }
}
