using FastChat.Gguf;
using FastChat.Native;
using FastChat.Native.Kernels;

namespace FastChat.Engine.Models;

/// <summary>
/// Looks up a model's tensors by name and checks each against the shape and types the forward pass expects,
/// so a wrong file fails at load with the tensor named, never inside a kernel. With a <paramref name="repackPool"/>,
/// matrices of types the CPU has repacked kernels for are repacked once (on that pool) into
/// <see cref="Repacked"/>, which the model owns and disposes.
/// </summary>
internal sealed class WeightReader(GgufFile file, NativeThreadPool? repackPool = null)
{
    private readonly string _where = file.Path ?? "the GGUF image";

    /// <summary>The repacked copies made so far, in order.</summary>
    public List<RepackedMatrix> Repacked { get; } = [];

    public bool Has(string name) => file.TryGetTensor(name, out _);

    /// <summary>A matrix with ne0 = <paramref name="columns"/>, ne1 = <paramref name="rows"/> in a type matmul supports.</summary>
    public WeightMatrix Matrix(string name, int columns, int rows)
    {
        var tensor = Find(name);
        CheckShape(tensor, columns, rows);
        if (MatMul.PathFor(tensor.Type) is null)
            throw new ModelException($"Tensor '{name}' of {_where} has type {tensor.TypeInfo.Name}, which has no matmul kernel.");
        var repacked = repackPool is null ? null : RepackedMatrix.TryCreate(repackPool, tensor.Type, file.GetTensorData(tensor), rows, columns);
        if (repacked is not null)
        {
            Repacked.Add(repacked);
            // The copy replaces the file's pages (an embedding table sharing them faults back what it reads).
            if (file.IsFileMapping) RepackedMatrix.ReleaseMappedPages(file.GetTensorData(tensor));
        }
        return new WeightMatrix(file, tensor, repacked);
    }

    /// <summary>An embedding table (rows are looked up, not multiplied): any dequantizable type.</summary>
    public WeightMatrix Table(string name, int columns, int rows)
    {
        var tensor = Find(name);
        CheckShape(tensor, columns, rows);
        if (!Quantization.IsSupported(tensor.Type))
            throw new ModelException($"Tensor '{name}' of {_where} has type {tensor.TypeInfo.Name}, which cannot be dequantized.");
        return new WeightMatrix(file, tensor);
    }

    /// <summary>A vector (norm weight or bias) of <paramref name="length"/> elements, dequantized to float once.</summary>
    public float[] Vector(string name, int length)
    {
        var tensor = Find(name);
        CheckShape(tensor, length);
        if (!Quantization.IsSupported(tensor.Type))
            throw new ModelException($"Tensor '{name}' of {_where} has type {tensor.TypeInfo.Name}, which cannot be dequantized.");
        return Quantization.Dequantize(tensor.Type, file.GetTensorData(tensor));
    }

    public float[]? OptionalVector(string name, int length) => Has(name) ? Vector(name, length) : null;

    private GgufTensorInfo Find(string name) =>
        file.TryGetTensor(name, out var tensor)
            ? tensor
            : throw new ModelException($"Tensor '{name}' is missing from {_where}.");

    private void CheckShape(GgufTensorInfo tensor, params long[] expected)
    {
        var dims = tensor.Dimensions;
        var matches = dims.Count == expected.Length;
        for (var i = 0; matches && i < dims.Count; i++) matches = dims[i] == expected[i];
        if (!matches)
            throw new ModelException(
                $"Tensor '{tensor.Name}' of {_where} has shape {tensor.ShapeText}; expected [{string.Join(", ", expected)}].");
    }
}
