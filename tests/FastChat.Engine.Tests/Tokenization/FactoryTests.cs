using FastChat.Engine.Tokenization;
using FastChat.Gguf;

namespace FastChat.Engine.Tests.Tokenization;

/// <summary>Metadata that cannot make a tokenizer gives a <see cref="TokenizerException"/> naming the key.</summary>
public sealed class FactoryTests
{
    [Fact]
    public void AFileWithoutTokenizerMetadataIsRejectedByKey()
    {
        var metadata = new GgufMetadata();
        metadata.Set(GgufKeys.Architecture, GgufValue.String("llama"));
        var path = Path.Combine(Path.GetTempPath(), $"no-tokenizer-{Guid.NewGuid():N}.gguf");
        new GgufWriter(metadata).WriteFile(path);
        try
        {
            using var file = GgufFile.Open(path);
            var error = Assert.Throws<TokenizerException>(() => TokenizerFactory.Create(file));
            Assert.Equal(GgufKeys.TokenizerModel, error.Key);
            Assert.Contains(GgufKeys.TokenizerModel, error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AnUnknownModelIsNamed()
    {
        var error = Assert.Throws<TokenizerException>(() => TokenizerFactory.FromMetadata(Metadata("t5", ["a", "b"])));
        Assert.Equal(GgufKeys.TokenizerModel, error.Key);
        Assert.Contains("'t5'", error.Message);
    }

    [Fact]
    public void AnUnknownPreTokenizerIsNamed()
    {
        var metadata = Metadata("gpt2", ["a", "b", "ab"]);
        metadata.Set(GgufKeys.Merges, GgufValue.Array(GgufArray.FromStrings(["a b"])));
        metadata.Set(GgufKeys.TokenizerPre, GgufValue.String("no-such-pre"));
        var error = Assert.Throws<TokenizerException>(() => TokenizerFactory.FromMetadata(metadata));
        Assert.Equal(GgufKeys.TokenizerPre, error.Key);
        Assert.Contains("'no-such-pre'", error.Message);
    }

    [Fact]
    public void AMissingPreTokenizerFallsBackToDefault()
    {
        var metadata = Metadata("gpt2", ["a", "b", "ab", "Ġ", "Ġab"]);
        metadata.Set(GgufKeys.Merges, GgufValue.Array(GgufArray.FromStrings(["a b", "Ġ ab"])));
        var tokenizer = Assert.IsType<BpeTokenizer>(TokenizerFactory.FromMetadata(metadata));
        Assert.Equal(BpePreTokenizer.DefaultName, tokenizer.PreTokenizer.Name);
        Assert.Equal([2, 4], tokenizer.Encode("ab ab", addSpecialTokens: false));
    }

    [Fact]
    public void MissingOrMismatchedArraysAreNamed()
    {
        var noMerges = Metadata("gpt2", ["a"]);
        Assert.Equal(GgufKeys.Merges, Assert.Throws<TokenizerException>(() => TokenizerFactory.FromMetadata(noMerges)).Key);

        var noTokens = new GgufMetadata();
        noTokens.Set(GgufKeys.TokenizerModel, GgufValue.String("llama"));
        Assert.Equal(GgufKeys.Tokens, Assert.Throws<TokenizerException>(() => TokenizerFactory.FromMetadata(noTokens)).Key);

        var badScores = Metadata("llama", ["a", "b"]);
        badScores.Set(GgufKeys.Scores, GgufValue.Array(GgufArray.FromValues<float>(GgufValueType.Float32, [0f])));
        Assert.Equal(GgufKeys.Scores, Assert.Throws<TokenizerException>(() => TokenizerFactory.FromMetadata(badScores)).Key);

        var tokensAsString = new GgufMetadata();
        tokensAsString.Set(GgufKeys.TokenizerModel, GgufValue.String("llama"));
        tokensAsString.Set(GgufKeys.Tokens, GgufValue.String("abc"));
        Assert.Equal(GgufKeys.Tokens, Assert.Throws<TokenizerException>(() => TokenizerFactory.FromMetadata(tokensAsString)).Key);

        var modelAsNumber = new GgufMetadata();
        modelAsNumber.Set(GgufKeys.TokenizerModel, GgufValue.UInt32(3));
        Assert.Equal(GgufKeys.TokenizerModel, Assert.Throws<TokenizerException>(() => TokenizerFactory.FromMetadata(modelAsNumber)).Key);
    }

    [Fact]
    public void SpecialIdsOutsideTheVocabularyAreIgnored()
    {
        var metadata = Metadata("llama", ["<unk>", "<s>", "</s>", "▁a"]);
        metadata.Set(GgufKeys.BosTokenId, GgufValue.UInt32(999));
        var tokenizer = TokenizerFactory.FromMetadata(metadata);
        Assert.Equal(1, tokenizer.SpecialTokens.Bos); // llama.cpp's SPM default
        Assert.Equal([1, 3], tokenizer.Encode("a"));
    }

    [Fact]
    public void SpmWithoutByteTokensFallsBackToUnknown()
    {
        var tokenizer = TokenizerFactory.FromMetadata(Metadata("llama", ["<unk>", "<s>", "</s>", "▁a"]));
        Assert.Equal([3, 0], tokenizer.Encode("aé", addSpecialTokens: false).Take(2)); // é has no piece and no <0xC3>
    }

    [Fact]
    public void BuildsFromAModelFile()
    {
        using var file = GgufFile.Open(FastChat.Tests.SharedData.Model("stories260K.gguf"));
        var tokenizer = TokenizerFactory.Create(file);
        Assert.Equal(TokenizerKind.Spm, tokenizer.Kind);
        Assert.Equal(512, tokenizer.VocabularySize);
        var ids = tokenizer.Encode("Once upon a time");
        Assert.Equal(1, ids[0]);
        Assert.Equal("Once upon a time", tokenizer.Decode(ids));
    }

    private static GgufMetadata Metadata(string model, string[] tokens)
    {
        var metadata = new GgufMetadata();
        metadata.Set(GgufKeys.TokenizerModel, GgufValue.String(model));
        metadata.Set(GgufKeys.Tokens, GgufValue.Array(GgufArray.FromStrings(tokens)));
        return metadata;
    }
}
