using FastChat.Engine.Models;
using FastChat.Gguf;
using FastChat.Native.Kernels;
using FastChat.Tests;

namespace FastChat.Engine.Tests.Models;

/// <summary>
/// Repacking Q4_0/Q8_0 weights at load (the default) must not change what the model computes: a batch of
/// sequences (prefill, then one decode step together) gives the logits of the model multiplying in place, within
/// 1e-4 relative (same activation quantization, a different float summation order; F32 cache so no F16 rounding
/// amplifies that).
/// </summary>
public sealed class RepackedWeightsTests
{
    [Theory]
    [InlineData("stories260K-mix-q8_0.gguf", GgmlType.Q8_0)]
    [InlineData("stories260K-mix-q4_0.gguf", GgmlType.Q4_0)]
    public void RepackedAndInPlaceModelsAgree(string modelFile, GgmlType type)
    {
        using var repacked = LlamaModel.Load(SharedData.Model(modelFile), new ModelOptions { KvCacheType = GgmlType.F32 });
        using var inPlace = LlamaModel.Load(SharedData.Model(modelFile), new ModelOptions { KvCacheType = GgmlType.F32, RepackWeights = false });
        Assert.Equal(0, inPlace.RepackedBytes);
        Assert.Equal(RepackedMatrix.IsSupported(type), repacked.RepackedBytes > 0);

        int[][] prompts = [[1, 403, 407, 261, 378], [1, 30, 40, 50, 60, 70, 80, 90], [1, 200]];
        var a = RunBatch(repacked, prompts);
        var b = RunBatch(inPlace, prompts);
        var scale = b.Max(v => Math.Abs(v));
        for (var i = 0; i < a.Length; i++)
            Assert.True(Math.Abs(a[i] - b[i]) <= 1e-4 * scale, $"logit {i}: repacked {a[i]} vs in place {b[i]}");
    }

    /// <summary>Prefills every prompt in one batch, then decodes one token of each together; both steps' last logits.</summary>
    private static float[] RunBatch(LlamaModel model, int[][] prompts)
    {
        using var ws = model.CreateWorkspace(2);
        var vocab = model.Config.VocabSize;
        var caches = prompts.Select(_ => model.CreateCache()).ToArray();
        var logits = new float[2 * prompts.Length * vocab];
        var batch = new ModelBatch();
        for (var i = 0; i < prompts.Length; i++) batch.Add(caches[i], prompts[i]);
        model.Forward(ws, batch, logits.AsSpan(0, prompts.Length * vocab));
        batch.Clear();
        for (var i = 0; i < prompts.Length; i++) batch.Add(caches[i], [5 + i]);
        model.Forward(ws, batch, logits.AsSpan(prompts.Length * vocab));
        return logits;
    }
}
