using System.Runtime.InteropServices;
using FastChat.Gguf;
using FastChat.Training.Modeling;
using static TorchSharp.torch;

namespace FastChat.Training.Export;

/// <summary>
/// Writes a trained <see cref="LlamaForCausalLM"/> as a GGUF file the engine loads: the base file's metadata (architecture,
/// hyper-parameters, tokenizer) with an optional new name, and every weight in F32 with LoRA adapters merged.
/// </summary>
public static class GgufExporter
{
    /// <summary>Writes <paramref name="model"/> to <paramref name="destination"/>, taking metadata from <paramref name="baseGguf"/>.</summary>
    public static void Export(LlamaForCausalLM model, string baseGguf, string destination, string? name = null)
    {
        using var source = GgufFile.Open(baseGguf);
        var writer = new GgufWriter(source.Metadata);
        if (name is not null) writer.Metadata.Set(GgufKeys.Name, GgufValue.String(name));
        if (writer.Metadata.ContainsKey(GgufKeys.FileType)) writer.Metadata.Set(GgufKeys.FileType, GgufValue.UInt32(0)); // all F32 now
        var order = source.Tensors.Select((t, i) => (t.Name, i)).ToDictionary(p => p.Name, p => p.i);
        foreach (var (tensorName, weight) in model.MergedWeights().OrderBy(w => order.GetValueOrDefault(w.Name, int.MaxValue)))
        {
            if (!order.ContainsKey(tensorName) && tensorName == "output.weight") continue; // tied in the base file: keep it tied
            var values = weight.contiguous().to(ScalarType.Float32).data<float>().ToArray();
            var dimensions = weight.shape.Reverse().ToArray();
            writer.AddTensor(tensorName, GgmlType.F32, dimensions, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        }
        writer.WriteFile(destination);
    }
}
