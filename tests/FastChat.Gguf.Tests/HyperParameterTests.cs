using FastChat.Tests;

namespace FastChat.Gguf.Tests;

/// <summary>Typed accessors on the real models, checked against the values ../shared/README.md states.</summary>
public sealed class HyperParameterTests
{
    [Theory]
    [InlineData("stories260K.gguf", 48)] // 5 blocks x 9 + token_embd, output_norm, output (the header's tensor_count)
    [InlineData("stories260K-mix-q8_0.gguf", 48)]
    [InlineData("stories260K-mix-q4_0.gguf", 48)]
    public void Stories260K(string name, int tensorCount)
    {
        using var file = GgufFile.Open(SharedData.Model(name));
        var hp = file.HyperParameters;
        Assert.Equal("llama", hp.Architecture);
        Assert.Equal(5u, hp.BlockCount);
        Assert.Equal(64u, hp.EmbeddingLength);
        Assert.Equal(172u, hp.FeedForwardLength);
        Assert.Equal(8u, hp.HeadCount);
        Assert.Equal(4u, hp.HeadCountKv);
        Assert.Equal(8u, hp.HeadDimension);
        Assert.Equal(2048u, hp.ContextLength);
        Assert.Equal(512u, hp.VocabSize);
        Assert.Equal(1e-5f, hp.RmsNormEpsilon!.Value, 1e-9f);
        Assert.Equal(tensorCount, file.Tensors.Count);
        Assert.Equal(3u, file.Version);
    }

    [Fact]
    public void Stories260KTensorShapesFollowTheHyperParameters()
    {
        using var file = GgufFile.Open(SharedData.Model("stories260K-mix-q4_0.gguf"));
        Assert.Equal([64L, 512L], file.GetTensor("token_embd.weight").Dimensions);
        Assert.Equal(GgmlType.Q4_0, file.GetTensor("blk.0.attn_q.weight").Type);
        Assert.Equal([64L, 32L], file.GetTensor("blk.0.attn_k.weight").Dimensions); // 4 kv heads x 8
        var down = file.GetTensor("blk.0.ffn_down.weight");
        Assert.Equal(GgmlType.F16, down.Type); // 172 is not a multiple of 32
        Assert.Equal(172L * 64 * 2, down.ByteSize);
    }

    [Fact]
    public void TokenizerSummary()
    {
        using var file = GgufFile.Open(SharedData.Model("llama-2-tiny-random.gguf"));
        var tokenizer = file.Tokenizer!;
        Assert.Equal("llama", tokenizer.Model);
        Assert.Equal(32000, tokenizer.TokenCount);
        Assert.True(tokenizer.HasScores);
        Assert.Equal(1, tokenizer.BosTokenId);
        Assert.Equal(2, tokenizer.EosTokenId);
        Assert.Equal(32000u, file.HyperParameters.VocabSize);
        var tokens = file.Metadata.GetArray(GgufKeys.Tokens);
        Assert.Equal("<s>", tokens.GetString(1));
        Assert.Equal("▁the", tokens.GetString(278)); // a well-known Llama-2 piece
    }

    [Fact]
    public void BpeVocabularyHasMerges()
    {
        using var file = GgufFile.Open(SharedData.Path("tokenizer", "ggml-vocab-gpt-2.gguf"));
        var tokenizer = file.Tokenizer!;
        Assert.Equal("gpt2", tokenizer.Model);
        Assert.True(tokenizer.MergeCount > 40_000);
        Assert.Equal(50257, tokenizer.TokenCount);
    }

    /// <summary>
    /// The byte size rule of each type, checked against a real file written by another tool: consecutive
    /// tensors sit exactly at the aligned end of the previous one.
    /// </summary>
    [Theory]
    [InlineData("models/stories260K.gguf")]
    [InlineData("models/stories260K-mix-q8_0.gguf")]
    [InlineData("models/stories260K-mix-q4_0.gguf")]
    [InlineData("models/stories260K-Q4_K_M.gguf")]
    [InlineData("models/stories260K-Q6_K.gguf")]
    public void TensorSizesMatchTheOffsetsOtherToolsWrote(string relativePath)
    {
        using var file = GgufFile.Open(SharedData.Path(relativePath));
        var byOffset = file.Tensors.OrderBy(t => t.Offset).ToList();
        for (var i = 0; i + 1 < byOffset.Count; i++)
        {
            var expectedNext = (byOffset[i].Offset + byOffset[i].ByteSize + file.Alignment - 1) / file.Alignment * file.Alignment;
            Assert.Equal(expectedNext, byOffset[i + 1].Offset);
        }
        var last = byOffset[^1];
        Assert.True(file.DataOffset + last.Offset + last.ByteSize <= file.Length);
    }
}
