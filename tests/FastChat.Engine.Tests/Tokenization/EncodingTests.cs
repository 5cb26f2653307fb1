using FastChat.Engine.Tokenization;

namespace FastChat.Engine.Tests.Tokenization;

/// <summary>Framing (BOS/EOS/[CLS]), special-token parsing and the span APIs.</summary>
public sealed class EncodingTests
{
    private static Tokenizer Llama => VocabularyFixtures.Get("llama-spm");
    private static Tokenizer Gpt2 => VocabularyFixtures.Get("gpt-2");

    [Fact]
    public void SpmAddsBosByDefaultAndTheSpacePrefixAlways()
    {
        Assert.Equal([1, 15043, 3186], Llama.Encode("Hello world"));
        Assert.Equal([15043, 3186], Llama.Encode("Hello world", addSpecialTokens: false));
        Assert.Equal([1], Llama.Encode(""));
        Assert.Empty(Llama.Encode("", addSpecialTokens: false));
    }

    [Fact]
    public void FramingFollowsTheModelTypeAndMetadata()
    {
        Assert.Equal([15496, 995], Gpt2.Encode("Hello world")); // GPT-2: no BOS
        Assert.False(Gpt2.AddBos);
        var deepseek = VocabularyFixtures.Get("deepseek-coder"); // tokenizer.ggml.add_bos_token = true
        Assert.True(deepseek.AddBos);
        Assert.Equal(32013, deepseek.Encode("Hello")[0]);
        var bert = VocabularyFixtures.Get("bert-bge"); // [CLS] ... [SEP]
        Assert.Equal([101, 7592, 1010, 2088, 999, 102], bert.Encode("Hello, world!"));
    }

    [Fact]
    public void TemplatedPromptsParseSpecialsAndNeverDoubleBos()
    {
        // A template that writes <s> itself gets exactly one BOS; one that does not gets the model's BOS added.
        Assert.Equal([1, 15043, 2], Llama.EncodeTemplatedPrompt("<s>Hello</s>"));
        Assert.Equal([1, 15043, 2], Llama.EncodeTemplatedPrompt("Hello</s>"));
        Assert.Equal(Llama.Encode("Hello world"), Llama.EncodeTemplatedPrompt("Hello world"));
    }

    [Fact]
    public void ControlTokensAreMatchedOnlyWhenParsingSpecialTokens()
    {
        Assert.Equal([1, 15043, 2], Llama.Encode("<s>Hello</s>", addSpecialTokens: false, parseSpecial: true));
        var asText = Llama.Encode("<s>Hello</s>", addSpecialTokens: false, parseSpecial: false);
        Assert.DoesNotContain(1, asText);
        Assert.DoesNotContain(2, asText);
        Assert.Equal("<s>Hello</s>", Llama.Decode(asText));

        Assert.Equal([50256], Gpt2.Encode("<|endoftext|>", addSpecialTokens: false, parseSpecial: true));
        Assert.Equal([15496, 50256, 995], Gpt2.Encode("Hello<|endoftext|> world", addSpecialTokens: false, parseSpecial: true));
        Assert.DoesNotContain(50256, Gpt2.Encode("Hello<|endoftext|> world", addSpecialTokens: false));
    }

    [Fact]
    public void SpmPrefixesTextAfterASpecialToken()
    {
        // "<s>" then " Hello" -> "▁Hello" only once the prefix is added after the special token.
        var ids = Llama.Encode("<s>Hello<s>Hello", addSpecialTokens: false, parseSpecial: true);
        Assert.Equal([1, 15043, 1, 15043], ids);
    }

    [Fact]
    public void UserDefinedTokensAreAlwaysMatched()
    {
        var mpt = VocabularyFixtures.Get("mpt"); // runs of spaces are added (user-defined) tokens
        var fourSpaces = mpt.Vocabulary.GetIdOrNull("    ")!.Value;
        Assert.Equal(TokenType.UserDefined, mpt.Vocabulary.GetTokenType(fourSpaces));
        Assert.Equal([mpt.Vocabulary.GetIdOrNull("a")!.Value, fourSpaces, mpt.Vocabulary.GetIdOrNull("b")!.Value],
            mpt.Encode("a    b", addSpecialTokens: false));

        var deepseek = VocabularyFixtures.Get("deepseek-coder"); // "ü" is an added token
        Assert.Contains(deepseek.Vocabulary.GetIdOrNull("ü")!.Value, deepseek.Encode("Führer", addSpecialTokens: false));
    }

    [Fact]
    public void Phi3SpecialTokensSwallowTheWhitespaceAfterThem()
    {
        var phi3 = VocabularyFixtures.Get("phi-3");
        var user = phi3.Vocabulary.GetIdOrNull("<|user|>")!.Value;
        var end = phi3.Vocabulary.GetIdOrNull("<|end|>")!.Value;
        var hi = phi3.Vocabulary.GetIdOrNull("▁Hi")!.Value;
        Assert.Equal([user, hi, end], phi3.Encode("<|user|>\nHi<|end|>\n", addSpecialTokens: false, parseSpecial: true));
    }

    [Fact]
    public void LongerSpecialTokensTakePrecedence()
    {
        var starcoder = VocabularyFixtures.Get("starcoder");
        var prefix = starcoder.Vocabulary.GetIdOrNull("<fim_prefix>")!.Value;
        var ids = starcoder.Encode("<fim_prefix><fim_prefix>x", addSpecialTokens: false, parseSpecial: true);
        Assert.Equal(prefix, ids[0]);
        Assert.Equal(prefix, ids[1]);
    }

    [Fact]
    public void SpanApisAgreeWithEncode()
    {
        const string text = "The quick brown fox 🦊 jumps over the lazy dog.";
        var expected = Llama.Encode(text);

        var destination = new int[expected.Length];
        Assert.True(Llama.TryEncode(text, destination, out var written, addSpecialTokens: true));
        Assert.Equal(expected.Length, written);
        Assert.Equal(expected, destination);

        Assert.False(Llama.TryEncode(text, new int[3], out written, addSpecialTokens: true));
        Assert.Equal(expected.Length, written);

        Assert.Equal(expected.Length, Llama.CountTokens(text));
        var list = new List<int> { -7 };
        Llama.Encode(text, list, addSpecialTokens: true);
        Assert.Equal([-7, .. expected], list);
    }

    [Fact]
    public void EncodingIsThreadSafe()
    {
        var texts = RoundTripTests.MultilingualTexts;
        var expected = texts.Select(t => Gpt2.Encode(t)).ToArray();
        Parallel.For(0, 64, i => Assert.Equal(expected[i % texts.Length], Gpt2.Encode(texts[i % texts.Length])));
    }
}
