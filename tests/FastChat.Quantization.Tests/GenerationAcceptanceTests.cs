using System.Text.Json;
using FastChat.Engine.Models;
using FastChat.Native.Kernels;
using FastChat.Quantization.Conversion;
using FastChat.Quantization.Export;
using FastChat.Quantization.Quantizing;
using FastChat.Tests;

namespace FastChat.Quantization.Tests;

/// <summary>
/// The tools' output runs: a quantized stories260K generates the reference greedy decoding of the mix-q8_0 file,
/// and stories260K exported to a Hugging Face folder and converted back generates exactly what the original does.
/// </summary>
public sealed class GenerationAcceptanceTests
{
    [Fact]
    public void QuantizedQ8_0ReproducesTheReferenceGreedyDecoding()
    {
        using var temp = new TempDirectory();
        var output = temp.File("q8_0.gguf");
        ModelQuantizer.Quantize(SharedData.Model("stories260K.gguf"), output,
                                new QuantizeOptions { Type = QuantizationType.Q8_0, Overrides = [TensorTypeOverride.Parse("ffn_down=f16")] });
        using var golden = JsonDocument.Parse(File.ReadAllBytes(SharedData.Path("golden", "stories260K-mix-q8_0.greedy64.json")));
        var promptIds = golden.RootElement.GetProperty("prompt_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var expected = golden.RootElement.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("token").GetInt32()).ToArray();

        using var model = LlamaModel.Load(output);
        Assert.Equal(expected, Greedy(model, promptIds, expected.Length));
    }

    [Fact]
    public void ExportThenConvertGeneratesIdenticalGreedyOutput()
    {
        using var temp = new TempDirectory();
        var folder = temp.File("hf");
        var roundTrip = temp.File("round-trip.gguf");
        GgufExporter.Export(SharedData.Model("stories260K.gguf"), folder, new ExportOptions());
        HfConverter.Convert(folder, roundTrip, new ConvertOptions());

        using var original = LlamaModel.Load(SharedData.Model("stories260K.gguf"));
        using var converted = LlamaModel.Load(roundTrip);
        var prompt = original.Tokenizer.Encode("Once upon a time");
        Assert.Equal(prompt, converted.Tokenizer.Encode("Once upon a time"));
        Assert.Equal(Greedy(original, prompt, 64), Greedy(converted, prompt, 64));
    }

    private static int[] Greedy(LlamaModel model, int[] prompt, int steps)
    {
        using var ws = model.CreateWorkspace(1);
        var cache = model.CreateCache();
        var batch = new ModelBatch();
        var logits = new float[model.Config.VocabSize];
        var tokens = new int[steps];
        batch.Add(cache, prompt);
        model.Forward(ws, batch, logits);
        for (var i = 0; i < steps; i++)
        {
            tokens[i] = Ops.ArgMax(logits);
            batch.Clear();
            batch.Add(cache, [tokens[i]]);
            model.Forward(ws, batch, logits);
        }
        return tokens;
    }
}
