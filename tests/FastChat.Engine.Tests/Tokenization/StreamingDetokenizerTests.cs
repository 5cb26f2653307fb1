using System.Text;
using FastChat.Engine.Tokenization;

namespace FastChat.Engine.Tests.Tokenization;

public sealed class StreamingDetokenizerTests
{
    [Fact]
    public void HoldsBackAByteTokenCharacterUntilItIsComplete()
    {
        var llama = VocabularyFixtures.Get("llama-spm");
        var stream = llama.CreateStreamingDetokenizer();
        Assert.Equal(" this", stream.Append(445));
        Assert.Equal("", stream.Append(243));
        Assert.True(stream.HasPendingBytes);
        Assert.Equal("", stream.Append(162));
        Assert.Equal("", stream.Append(169));
        Assert.Equal("🦙", stream.Append(156));
        Assert.False(stream.HasPendingBytes);
        Assert.Equal("", stream.Flush());
    }

    [Fact]
    public void FlushTurnsAnUnfinishedCharacterIntoAReplacementCharacter()
    {
        var stream = VocabularyFixtures.Get("llama-spm").CreateStreamingDetokenizer();
        Assert.Equal("", stream.Append(243));
        Assert.Equal("\uFFFD", stream.Flush());
        Assert.Equal(" world", stream.Append(3186));
    }

    [Theory]
    [InlineData("llama-spm")]
    [InlineData("gpt-2")]
    [InlineData("deepseek-llm")]
    [InlineData("falcon")]
    public void StreamedTextEqualsDecodedTextAndNeverSplitsACharacter(string vocabulary)
    {
        var tokenizer = VocabularyFixtures.Get(vocabulary);
        foreach (var text in RoundTripTests.MultilingualTexts)
        {
            var ids = tokenizer.Encode(text);
            var stream = tokenizer.CreateStreamingDetokenizer(atStartOfText: true);
            var joined = new StringBuilder();
            foreach (var id in ids)
            {
                var chunk = stream.Append(id);
                AssertWholeCharacters(chunk);
                joined.Append(chunk);
            }
            joined.Append(stream.Flush());
            Assert.Equal(text, joined.ToString());
        }
    }

    [Fact]
    public void ContinuationKeepsTheLeadingSpace()
    {
        var llama = VocabularyFixtures.Get("llama-spm");
        Assert.Equal(" Hello", llama.CreateStreamingDetokenizer().Append(15043));
        Assert.Equal("Hello", llama.CreateStreamingDetokenizer(atStartOfText: true).Append(15043));
    }

    [Theory]
    [InlineData(new byte[] { 0x41 }, 0)]
    [InlineData(new byte[] { 0xC3 }, 1)]
    [InlineData(new byte[] { 0xC3, 0xBC }, 0)]
    [InlineData(new byte[] { 0x41, 0xE2, 0x96 }, 2)]
    [InlineData(new byte[] { 0xF0, 0x9F, 0xA6 }, 3)]
    [InlineData(new byte[] { 0xF0, 0x9F, 0xA6, 0x99 }, 0)]
    [InlineData(new byte[] { 0x80 }, 0)]  // stray continuation byte: invalid, left to the decoder
    [InlineData(new byte[] { 0xFF }, 0)]
    public void IncompleteTailIsDetected(byte[] bytes, int expected) =>
        Assert.Equal(expected, StreamingDetokenizer.IncompleteTailLength(bytes));

    private static void AssertWholeCharacters(string chunk)
    {
        for (var i = 0; i < chunk.Length; i++)
        {
            if (char.IsHighSurrogate(chunk[i])) Assert.True(i + 1 < chunk.Length && char.IsLowSurrogate(chunk[++i]), "split surrogate pair");
            else Assert.False(char.IsLowSurrogate(chunk[i]), "lone low surrogate");
        }
        Assert.DoesNotContain('\uFFFD', chunk);
    }
}
