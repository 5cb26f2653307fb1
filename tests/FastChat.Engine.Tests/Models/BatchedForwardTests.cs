using FastChat.Engine.Models;

namespace FastChat.Engine.Tests.Models;

/// <summary>
/// Batching must not change results: sequences run together in one forward pass, or a prompt prefilled in
/// chunks, give the logits of each sequence run alone in one piece. With an F32 cache only the matmul kernel
/// (dot vs panel) and its summation order differ: 1e-4 relative. (An F16 cache rounds keys, so a 1e-7
/// difference upstream can flip one key element by an F16 ulp; that alone moves logits by up to ~1e-3.)
/// </summary>
public sealed class BatchedForwardTests
{
    private const double Tolerance = 1e-4;
    private static readonly ModelOptions Exact = new() { KvCacheType = FastChat.Gguf.GgmlType.F32 };

    [Fact]
    public void SequencesOfDifferentLengthsBatchedEqualAlone()
    {
        using var model = LlamaModel.Load(ModelFiles.Stories260K, Exact);
        using var ws = model.CreateWorkspace(2);
        int[][] prompts = [[1, 403, 407, 261, 378], [1, 30, 40, 50], [1, 200, 201, 202, 203, 204, 205, 206, 207, 208, 209]];
        var alone = prompts.Select(p => LastLogits(model, ws, p)).ToArray();

        var caches = prompts.Select(_ => model.CreateCache()).ToArray();
        var batch = new ModelBatch();
        for (var i = 0; i < prompts.Length; i++) batch.Add(caches[i], prompts[i]);
        var vocab = model.Config.VocabSize;
        var logits = new float[prompts.Length * vocab];
        model.Forward(ws, batch, logits);
        for (var i = 0; i < prompts.Length; i++)
            AssertClose(alone[i], logits.AsSpan(i * vocab, vocab));

        // A decode step for all three together, versus each continuing alone.
        batch.Clear();
        for (var i = 0; i < prompts.Length; i++) batch.Add(caches[i], [7 + i]);
        model.Forward(ws, batch, logits);
        for (var i = 0; i < prompts.Length; i++)
            AssertClose(LastLogits(model, ws, [.. prompts[i], 7 + i]), logits.AsSpan(i * vocab, vocab));
    }

    [Fact]
    public void ChunkedPrefillEqualsOnePass()
    {
        using var model = LlamaModel.Load(ModelFiles.Stories260K, Exact);
        using var ws = model.CreateWorkspace(1);
        var prompt = Enumerable.Range(0, 70).Select(i => 1 + i * 7 % 500).ToArray();
        var whole = LastLogits(model, ws, prompt);

        var cache = model.CreateCache();
        var batch = new ModelBatch();
        var logits = new float[model.Config.VocabSize];
        for (var start = 0; start < prompt.Length; start += 16)
        {
            var count = Math.Min(16, prompt.Length - start);
            batch.Clear();
            batch.Add(cache, prompt.AsSpan(start, count), start + count == prompt.Length ? LogitsWanted.Last : LogitsWanted.None);
            model.Forward(ws, batch, logits);
        }
        Assert.Equal(prompt.Length, cache.Length);
        AssertClose(whole, logits);
    }

    [Fact]
    public void AllLogitsRowsMatchStepByStep()
    {
        using var model = LlamaModel.Load(ModelFiles.Stories260K, Exact);
        using var ws = model.CreateWorkspace(1);
        int[] prompt = [1, 403, 407, 261, 378, 432];
        var vocab = model.Config.VocabSize;
        var batch = new ModelBatch();
        batch.Add(model.CreateCache(), prompt, LogitsWanted.All);
        var all = new float[prompt.Length * vocab];
        model.Forward(ws, batch, all);
        for (var i = 1; i <= prompt.Length; i++)
            AssertClose(LastLogits(model, ws, prompt[..i]), all.AsSpan((i - 1) * vocab, vocab));
    }

    [Fact]
    public void OverflowingTheContextIsAModelError()
    {
        using var model = LlamaModel.Load(ModelFiles.Stories260K, new ModelOptions { ContextLength = 8 });
        var batch = new ModelBatch();
        var e = Assert.Throws<ModelException>(() => batch.Add(model.CreateCache(), new int[9]));
        Assert.Contains("context holds 8", e.Message);
    }

    [Fact]
    public void EmbeddingsAreUnitLengthAndDistinguishTexts()
    {
        using var model = LlamaModel.Load(ModelFiles.Stories260K, Exact);
        using var ws = model.CreateWorkspace(1);
        var a = new float[64];
        var b = new float[64];
        var again = new float[64];
        model.Embed(ws, model.Tokenizer.Encode("The cat sat on the mat."), a);
        model.Embed(ws, model.Tokenizer.Encode("Lily went to the park."), b);
        model.Embed(ws, model.Tokenizer.Encode("The cat sat on the mat."), again);
        Assert.Equal(1.0, Math.Sqrt(a.Sum(v => (double)v * v)), 5);
        Assert.Equal(a, again);
        Assert.NotEqual(a, b);
    }

    private static float[] LastLogits(LlamaModel model, ForwardWorkspace ws, int[] tokens)
    {
        var batch = new ModelBatch();
        batch.Add(model.CreateCache(), tokens);
        var logits = new float[model.Config.VocabSize];
        model.Forward(ws, batch, logits);
        return logits;
    }

    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        for (var i = 0; i < expected.Length; i++)
        {
            var error = Math.Abs(expected[i] - actual[i]) / Math.Max(1.0, Math.Abs(expected[i]));
            Assert.True(error <= Tolerance, $"logit {i}: {actual[i]} vs {expected[i]}");
        }
    }
}
