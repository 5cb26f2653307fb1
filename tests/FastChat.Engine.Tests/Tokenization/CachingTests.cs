using FastChat.Engine.Tokenization;
using FastChat.Gguf;

namespace FastChat.Engine.Tests.Tokenization;

/// <summary>
/// The piece caches and SPM's word-by-word merging are shortcuts: each vocabulary must give exactly the ids of
/// llama.cpp's literal algorithm (whole text at once, nothing cached), on first use and on cache hits alike.
/// </summary>
public sealed class CachingTests
{
    [Theory]
    [InlineData("llama-spm")]
    [InlineData("phi-3")]
    [InlineData("gpt-2")]
    [InlineData("deepseek-llm")]
    [InlineData("mpt")]
    public void ShortcutsGiveTheLiteralAlgorithmsIds(string vocabulary)
    {
        using var file = GgufFile.Open(VocabularyFixtures.PathOf(vocabulary));
        var literal = TokenizerFactory.FromMetadata(file.Metadata, EncodingShortcuts.None);
        var cached = TokenizerFactory.FromMetadata(file.Metadata);
        var wordByWord = TokenizerFactory.FromMetadata(file.Metadata, EncodingShortcuts.WordByWord);
        string[] texts = [.. VocabularyFixtures.ReadInputs("llama-spm"), .. RoundTripTests.MultilingualTexts];
        for (var pass = 0; pass < 2; pass++) // the second pass hits the cache
            foreach (var text in texts)
            {
                var expected = literal.Encode(text, addSpecialTokens: false);
                Assert.Equal(expected, cached.Encode(text, addSpecialTokens: false));
                Assert.Equal(expected, wordByWord.Encode(text, addSpecialTokens: false));
            }
    }
}
