using FastChat.Engine.Tokenization;
using FastChat.Gguf;
using FastChat.Quantization.Generation;

namespace FastChat.Quantization.Tests.Generation;

public class SyntheticVocabularyTests
{
    private static Tokenizer Load(int size)
    {
        var metadata = new GgufMetadata();
        foreach (var (key, value) in SyntheticVocabulary.Metadata(size)) metadata.Set(key, value);
        // Through a real file's bytes, as a model loads it.
        var writer = new GgufWriter(metadata);
        using var stream = new MemoryStream();
        writer.WriteTo(stream);
        using var file = GgufFile.FromBytes(stream.ToArray());
        return TokenizerFactory.Create(file);
    }

    public static TheoryData<string> Texts() =>
    [
        "Hello world",
        "Once upon a time, there was a little girl named Lily. She liked to play outside.",
        "  leading and trailing spaces  \n\ttabs\r\nand newlines\n\n",
        "numbers 12345 and symbols: {}[]<>~`|\\^",
        "Ünïcödé: 日本語のテキスト, emoji 😀👍🏽, Ελληνικά, עברית",
        "<s> looks special but is text </s>",
        "",
    ];

    [Theory]
    [MemberData(nameof(Texts))]
    public void Every_text_round_trips_at_every_size(string text)
    {
        foreach (var size in new[] { SyntheticVocabulary.MinimumSize, 512, 32000 })
        {
            var tokenizer = Load(size);
            Assert.Equal(TokenizerKind.Spm, tokenizer.Kind);
            Assert.Equal(size, tokenizer.VocabularySize);
            var ids = tokenizer.Encode(text);
            Assert.Equal(SyntheticVocabulary.BosId, ids[0]);
            Assert.All(ids, id => Assert.InRange(id, 0, size - 1));
            Assert.Equal(text, tokenizer.Decode(ids.AsSpan(1)));
        }
    }

    [Fact]
    public void Common_words_are_single_tokens_and_special_ids_are_llama_s()
    {
        var tokenizer = Load(32000);
        var ids = tokenizer.Encode("the little girl", addSpecialTokens: false);
        Assert.Equal(["▁the", "▁little", "▁girl"], ids.Select(tokenizer.Vocabulary.GetToken));
        Assert.Equal(SyntheticVocabulary.BosId, tokenizer.SpecialTokens.Bos);
        Assert.Equal(SyntheticVocabulary.EosId, tokenizer.SpecialTokens.Eos);
        Assert.Equal(SyntheticVocabulary.UnknownId, tokenizer.SpecialTokens.Unknown);
        Assert.Equal("</s>", tokenizer.Vocabulary.GetToken(SyntheticVocabulary.EosId));
        Assert.Equal("<0x0A>", tokenizer.Vocabulary.GetToken(3 + 10));
    }

    [Fact]
    public void Tokens_are_distinct_with_descending_scores_and_the_right_types()
    {
        var (tokens, scores, types) = SyntheticVocabulary.Build(151936);
        Assert.Equal(151936, tokens.Length);
        Assert.Equal(tokens.Length, tokens.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal((int)TokenType.Control, types[SyntheticVocabulary.BosId]);
        Assert.All(types.Skip(3).Take(256), t => Assert.Equal((int)TokenType.Byte, t));
        Assert.All(types.Skip(259), t => Assert.Equal((int)TokenType.Normal, t));
        for (var i = 260; i < scores.Length; i++) Assert.True(scores[i] < scores[i - 1]);
    }

    [Fact]
    public void Too_small_a_vocabulary_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticVocabulary.Build(SyntheticVocabulary.MinimumSize - 1));
    }
}
