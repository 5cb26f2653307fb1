using System.Runtime.InteropServices;
using FastChat.Engine.Models;
using FastChat.Gguf;
using FastChat.Native.Kernels;
using static TorchSharp.torch;

namespace FastChat.Training.Modeling;

/// <summary>Builds a TorchSharp <see cref="LlamaForCausalLM"/> from a GGUF file with F32 or F16 weights (float32 in memory).</summary>
public static class GgufWeightLoader
{
    /// <summary>Loads the model in <paramref name="path"/>.</summary>
    /// <exception cref="NotSupportedException">A tensor is quantized (train from an F32/F16 file) or the RoPE is not plain llama.</exception>
    public static LlamaForCausalLM Load(string path)
    {
        using var file = GgufFile.Open(path);
        var config = LlamaConfig.From(ModelConfig.FromGguf(file));
        var weights = new Dictionary<string, Tensor>();
        foreach (var tensor in file.Tensors) weights[tensor.Name] = ToTensor(file, tensor);
        return new LlamaForCausalLM(config, weights);
    }

    /// <summary>A GGUF tensor as float32; GGUF dims [ne0, ne1, ...] become torch shape [..., ne1, ne0].</summary>
    private static Tensor ToTensor(GgufFile file, GgufTensorInfo info)
    {
        var data = file.GetTensorData(info);
        var values = info.Type switch
        {
            GgmlType.F32 => MemoryMarshal.Cast<byte, float>(data).ToArray(),
            GgmlType.F16 => Quantization.Dequantize(GgmlType.F16, data),
            _ => throw new NotSupportedException($"{info.Name} is {info.Type}: training needs F32 or F16 weights (convert the model first)"),
        };
        var shape = info.Dimensions.Reverse().ToArray();
        return tensor(values, shape, ScalarType.Float32);
    }
}
