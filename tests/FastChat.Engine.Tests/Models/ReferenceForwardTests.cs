using FastChat.Engine.Models;
using FastChat.Gguf;
using FastChat.Native.Kernels;
using FastChat.Quantization.Generation;

namespace FastChat.Engine.Tests.Models;

/// <summary>
/// The forward pass against an independent float64 implementation of the same math, written plainly below, on
/// random F32 models of the shapes the golden files do not cover: qwen2 (q/k/v biases, NeoX rope, tied output)
/// and llama with grouped-query attention. Tolerance: 1e-4 relative to the logit range (float32 arithmetic).
/// </summary>
public sealed class ReferenceForwardTests
{
    [Theory]
    [InlineData("qwen2", true, true)]
    [InlineData("llama", false, false)]
    public void LogitsOfEveryPositionMatchTheFloat64Reference(string architecture, bool biases, bool tied)
    {
        var preset = ModelPresets.Tiny with { Name = $"tiny-{architecture}", Architecture = architecture, AttentionBiases = biases, TiedEmbeddings = tied };
        var path = Path.Combine(Path.GetTempPath(), $"fastchat-ref-{Guid.NewGuid():N}.gguf");
        try
        {
            RandomModelGenerator.Write(new GenerationOptions { Preset = preset, Type = GgmlType.F32, Seed = 7, WeightStdDev = 0.15f }, path);
            using var model = LlamaModel.Load(path, new ModelOptions { KvCacheType = GgmlType.F32 });
            Assert.Equal(architecture == "qwen2", model.Config.Rope.NeoX);
            int[] tokens = [1, 57, 300, 12, 499, 8, 77, 256, 3];

            using var ws = model.CreateWorkspace(1);
            var batch = new ModelBatch();
            batch.Add(model.CreateCache(), tokens, LogitsWanted.All);
            var vocab = model.Config.VocabSize;
            var logits = new float[tokens.Length * vocab];
            model.Forward(ws, batch, logits);

            using var file = GgufFile.Open(path);
            var expected = new ReferenceLlama(file, model.Config).Logits(tokens);
            for (var t = 0; t < tokens.Length; t++)
            {
                var row = expected[t];
                var scale = Math.Max(1.0, row.Max() - row.Min());
                for (var i = 0; i < vocab; i++)
                {
                    var error = Math.Abs(logits[t * vocab + i] - row[i]) / scale;
                    Assert.True(error <= 1e-4, $"position {t}, token {i}: {logits[t * vocab + i]} vs {row[i]}");
                }
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The llama/qwen2 forward pass in float64, one position at a time, straight from the GGUF's F32 tensors.</summary>
    private sealed class ReferenceLlama(GgufFile file, ModelConfig c)
    {
        private double[] Vector(string name) => FastChat.Native.Kernels.Quantization.Dequantize(GgmlType.F32, file.GetTensorData(file.GetTensor(name))).Select(v => (double)v).ToArray();

        private double[]? Optional(string name) => file.TryGetTensor(name, out _) ? Vector(name) : null;

        // y[rows] = W[rows][cols] x[cols] (+ b)
        private double[] Linear(string name, double[] x, double[]? bias = null)
        {
            var w = Vector(name);
            var rows = w.Length / x.Length;
            var y = new double[rows];
            for (var r = 0; r < rows; r++)
            {
                double sum = bias?[r] ?? 0;
                for (var i = 0; i < x.Length; i++) sum += w[r * x.Length + i] * x[i];
                y[r] = sum;
            }
            return y;
        }

        private double[] RmsNorm(double[] x, string weight)
        {
            var w = Vector(weight);
            var scale = 1 / Math.Sqrt(x.Sum(v => v * v) / x.Length + c.RmsNormEpsilon);
            return x.Select((v, i) => v * scale * w[i]).ToArray();
        }

        private void Rope(double[] x, int heads, int position)
        {
            int d = c.HeadDim, half = d / 2;
            for (var h = 0; h < heads; h++)
                for (var i = 0; i < half; i++)
                {
                    var angle = position * Math.Pow(c.Rope.FreqBase, -2.0 * i / d);
                    var (a, b) = c.Rope.NeoX ? (h * d + i, h * d + i + half) : (h * d + 2 * i, h * d + 2 * i + 1);
                    var (x0, x1) = (x[a], x[b]);
                    x[a] = x0 * Math.Cos(angle) - x1 * Math.Sin(angle);
                    x[b] = x0 * Math.Sin(angle) + x1 * Math.Cos(angle);
                }
        }

        public double[][] Logits(int[] tokens)
        {
            var embedding = Vector("token_embd.weight");
            var dim = c.EmbeddingLength;
            var keys = new List<double[]>[c.BlockCount];
            var values = new List<double[]>[c.BlockCount];
            for (var l = 0; l < c.BlockCount; l++) (keys[l], values[l]) = ([], []);
            var result = new double[tokens.Length][];
            for (var pos = 0; pos < tokens.Length; pos++)
            {
                var x = embedding.AsSpan(tokens[pos] * dim, dim).ToArray();
                for (var l = 0; l < c.BlockCount; l++)
                {
                    var p = $"blk.{l}.";
                    var h = RmsNorm(x, p + "attn_norm.weight");
                    var q = Linear(p + "attn_q.weight", h, Optional(p + "attn_q.bias"));
                    var k = Linear(p + "attn_k.weight", h, Optional(p + "attn_k.bias"));
                    var v = Linear(p + "attn_v.weight", h, Optional(p + "attn_v.bias"));
                    Rope(q, c.HeadCount, pos);
                    Rope(k, c.KvHeadCount, pos);
                    keys[l].Add(k);
                    values[l].Add(v);
                    var attended = new double[c.QueryLength];
                    for (var head = 0; head < c.HeadCount; head++)
                    {
                        var kvHead = head / (c.HeadCount / c.KvHeadCount);
                        var scores = new double[pos + 1];
                        for (var j = 0; j <= pos; j++)
                        {
                            double s = 0;
                            for (var i = 0; i < c.HeadDim; i++) s += q[head * c.HeadDim + i] * keys[l][j][kvHead * c.HeadDim + i];
                            scores[j] = s / Math.Sqrt(c.HeadDim);
                        }
                        var max = scores.Max();
                        var weights = scores.Select(s => Math.Exp(s - max)).ToArray();
                        var total = weights.Sum();
                        for (var j = 0; j <= pos; j++)
                            for (var i = 0; i < c.HeadDim; i++)
                                attended[head * c.HeadDim + i] += weights[j] / total * values[l][j][kvHead * c.HeadDim + i];
                    }
                    var o = Linear(p + "attn_output.weight", attended);
                    for (var i = 0; i < dim; i++) x[i] += o[i];
                    h = RmsNorm(x, p + "ffn_norm.weight");
                    var gate = Linear(p + "ffn_gate.weight", h);
                    var up = Linear(p + "ffn_up.weight", h);
                    var hidden = gate.Select((g, i) => g / (1 + Math.Exp(-g)) * up[i]).ToArray();
                    var down = Linear(p + "ffn_down.weight", hidden);
                    for (var i = 0; i < dim; i++) x[i] += down[i];
                }
                var output = file.TryGetTensor("output.weight", out _) ? "output.weight" : "token_embd.weight";
                result[pos] = Linear(output, RmsNorm(x, "output_norm.weight"));
            }
            return result;
        }
    }
}
