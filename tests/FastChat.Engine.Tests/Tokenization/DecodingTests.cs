using FastChat.Engine.Tokenization;

namespace FastChat.Engine.Tests.Tokenization;

public sealed class DecodingTests
{
    private static Tokenizer Llama => VocabularyFixtures.Get("llama-spm");

    [Fact]
    public void SpmDropsThePrefixSpaceAndRendersSpecialTokensOnRequest()
    {
        Assert.Equal("Hello world", Llama.Decode([1, 15043, 3186]));
        Assert.Equal("Hello world", Llama.Decode([15043, 3186]));
        Assert.Equal("<s>Hello world</s>", Llama.Decode([1, 15043, 3186, 2], renderSpecial: true));
        Assert.Equal(" world", Llama.Decode([0, 3186]));  // only the first token's space (after an optional BOS) is the prefix
        Assert.Equal("<unk> world", Llama.Decode([0, 3186], renderSpecial: true));
    }

    [Fact]
    public void ByteTokensReassembleIntoCharacters()
    {
        Assert.Equal("🦙", Llama.Decode([243, 162, 169, 156])); // <0xF0> <0x9F> <0xA6> <0x99>
        Assert.Equal("\uFFFD", Llama.Decode([243, 162]));        // an unfinished character
        Assert.Equal([0xF0, 0x9F], Llama.DecodeToUtf8([243, 162]));
    }

    [Fact]
    public void PiecesAreBytes()
    {
        Assert.Equal(" Hello"u8.ToArray(), Llama.GetPiece(15043).ToArray());
        Assert.Equal([0xF0], Llama.GetPiece(243).ToArray());
        Assert.True(Llama.GetPiece(1).IsEmpty);
        Assert.Equal("<s>"u8.ToArray(), Llama.GetPiece(1, renderSpecial: true).ToArray());
        var gpt2 = VocabularyFixtures.Get("gpt-2");
        Assert.Equal(" world"u8.ToArray(), gpt2.GetPiece(995).ToArray()); // "Ġworld"
    }

    [Theory]
    [InlineData(32000)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void IdsOutsideTheVocabularyAreRejected(int id)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Llama.Decode([15043, id]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Llama.GetPiece(id));
        Assert.Throws<ArgumentOutOfRangeException>(() => Llama.CreateStreamingDetokenizer().Append(id));
    }

    [Fact]
    public void CleanUpSpacesIsOptIn()
    {
        var bert = VocabularyFixtures.Get("bert-bge");
        var ids = bert.Encode("Hello, world! It's fine.");
        Assert.Equal("hello , world ! it ' s fine .", bert.Decode(ids));
        Assert.True(bert.CleanUpSpacesByDefault);
        Assert.Equal("hello, world! it's fine.", bert.Decode(ids, cleanUpSpaces: true));
    }

    [Theory]
    [InlineData("Hello , world !", "Hello, world!")]
    [InlineData("it ' s", "it's")]
    [InlineData("he 's here , they 're there and we 've been", "he's here, they're there and we've been")]
    [InlineData("I 'll do n't", "I 'll do n't")]
    [InlineData("a", "a")]
    [InlineData("", "")]
    public void SpaceCleanupFollowsLlamaCpp(string text, string expected) => Assert.Equal(expected, SpaceCleanup.Apply(text));
}
