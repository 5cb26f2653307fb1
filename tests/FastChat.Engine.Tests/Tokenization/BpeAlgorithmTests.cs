using FastChat.Engine.Tokenization;
using FastChat.Gguf;

namespace FastChat.Engine.Tests.Tokenization;

/// <summary>Corner cases of byte-level BPE on tiny hand-made vocabularies.</summary>
public sealed class BpeAlgorithmTests
{
    private static Tokenizer Build(string pre, string[] tokens, string[] merges)
    {
        var metadata = new GgufMetadata();
        metadata.Set(GgufKeys.TokenizerModel, GgufValue.String("gpt2"));
        metadata.Set(GgufKeys.TokenizerPre, GgufValue.String(pre));
        metadata.Set(GgufKeys.Tokens, GgufValue.Array(GgufArray.FromStrings(tokens)));
        metadata.Set(GgufKeys.Merges, GgufValue.Array(GgufArray.FromStrings(merges)));
        return TokenizerFactory.FromMetadata(metadata);
    }

    [Fact]
    public void LowerRankMergesFirst()
    {
        string[] tokens = ["a", "b", "c", "ab", "bc"];
        Assert.Equal([0, 4], Build("gpt-2", tokens, ["b c", "a b"]).Encode("abc", addSpecialTokens: false));
        Assert.Equal([3, 2], Build("gpt-2", tokens, ["a b", "b c"]).Encode("abc", addSpecialTokens: false));
    }

    [Fact]
    public void Llama3StylePreTokenizersUseAWholePieceThatIsAToken()
    {
        string[] tokens = ["a", "b", "c", "bc", "abc"];
        string[] merges = ["b c"];
        Assert.Equal([0, 3], Build("gpt-2", tokens, merges).Encode("abc", addSpecialTokens: false));
        Assert.Equal([4], Build("llama-bpe", tokens, merges).Encode("abc", addSpecialTokens: false));
    }

    [Fact]
    public void AMergeResultMissingFromTheVocabularyFallsBackToItsBytes()
    {
        // "a b" is ranked but "ab" is no token: llama.cpp emits the single-byte tokens of the merged text.
        Assert.Equal([0, 1], Build("gpt-2", ["a", "b"], ["a b"]).Encode("ab", addSpecialTokens: false));
    }

    [Fact]
    public void EmptyAndWhitespaceOnlyTextsEncode()
    {
        var tokenizer = Build("gpt-2", ["a", "Ġ", "ĠĠ", "Ċ"], ["Ġ Ġ"]);
        Assert.Empty(tokenizer.Encode("", addSpecialTokens: false));
        Assert.Equal([2, 3], tokenizer.Encode("  \n", addSpecialTokens: false));
        Assert.Equal("  \n", tokenizer.Decode([2, 3]));
    }
}
