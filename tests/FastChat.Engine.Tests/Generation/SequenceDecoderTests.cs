using FastChat.Engine.Generation;
using FastChat.Engine.Models;
using FastChat.Engine.Tests.Models;

namespace FastChat.Engine.Tests.Generation;

/// <summary>The cache positions a sequence reserves up front (the scheduler's admission, the generator's one allocation).</summary>
public sealed class SequenceDecoderTests
{
    [Theory]
    [InlineData(16, 100, 3 + 16)]   // the prompt and max_tokens
    [InlineData(500, 100, 100)]     // max_tokens past the context: the context
    [InlineData(null, 100, 100)]    // no max_tokens: the whole context
    public void MaxPositionsIsThePromptAndTheLongestCompletion(int? maxTokens, int context, int expected)
    {
        using var model = LlamaModel.Load(ModelFiles.Stories260K);
        var decoder = new SequenceDecoder(model.Tokenizer, new GenerationOptions { MaxTokens = maxTokens }, [1, 2, 3], context);
        Assert.Equal(expected, decoder.MaxPositions);
    }
}
