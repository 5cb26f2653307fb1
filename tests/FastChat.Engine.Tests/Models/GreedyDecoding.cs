using FastChat.Engine.Models;
using FastChat.Native.Kernels;

namespace FastChat.Engine.Tests.Models;

/// <summary>Plain greedy decoding straight on the backend (no sampler), recording each step's logits.</summary>
internal static class GreedyDecoding
{
    public static List<(int Token, float[] Logits)> Run(IInferenceBackend model, int[] promptIds, int steps, int threads = 1)
    {
        using var ws = model.CreateWorkspace(threads);
        var cache = model.CreateCache();
        var batch = new ModelBatch();
        var vocab = model.Config.VocabSize;
        var result = new List<(int, float[])>();
        ReadOnlySpan<int> next = promptIds;
        for (var i = 0; i < steps; i++)
        {
            batch.Clear();
            batch.Add(cache, next);
            var logits = new float[vocab];
            model.Forward(ws, batch, logits);
            var token = Ops.ArgMax(logits);
            result.Add((token, logits));
            next = new[] { token };
        }
        return result;
    }
}
