using FastChat.Gguf;
using FastChat.Native;
using FastChat.Native.Kernels;

namespace FastChat.Engine.Models;

/// <summary>
/// A weight matrix read in place from the memory-mapped GGUF file: <see cref="Rows"/> output features of
/// <see cref="Columns"/> input features in any type the matmul kernels take, multiplied from its
/// <see cref="RepackedMatrix"/> copy when the model made one. Valid while the model is alive.
/// </summary>
public readonly unsafe struct WeightMatrix
{
    private readonly byte* _data;
    private readonly int _bytes;
    private readonly RepackedMatrix? _repacked;

    internal WeightMatrix(GgufFile file, GgufTensorInfo tensor, RepackedMatrix? repacked = null)
    {
        _repacked = repacked;
        if (tensor.ByteSize > int.MaxValue)
            throw new ModelException($"Tensor '{tensor.Name}' is {tensor.ByteSize} bytes; tensors over 2 GiB are not supported.");
        _data = (byte*)file.GetTensorPointer(tensor);
        _bytes = (int)tensor.ByteSize;
        Name = tensor.Name;
        Type = tensor.Type;
        Columns = (int)tensor.Dimensions[0];
        Rows = (int)tensor.RowCount;
    }

    public string Name { get; }
    public GgmlType Type { get; }
    public int Rows { get; }
    public int Columns { get; }

    public ReadOnlySpan<byte> Data => new(_data, _bytes);

    /// <summary>Whether multiplies run from a repacked copy (see <see cref="ModelOptions.RepackWeights"/>).</summary>
    public bool IsRepacked => _repacked is not null;

    /// <summary>y[m][Rows] = x[m][Columns] . W^T, on <paramref name="pool"/>.</summary>
    public void Multiply(NativeThreadPool pool, ReadOnlySpan<float> x, int m, Span<float> y)
    {
        if (_repacked is not null) _repacked.Multiply(pool, x, m, y);
        else MatMul.Multiply(pool, Type, Data, Rows, Columns, x, m, y);
    }

    /// <summary>Dequantizes rows <paramref name="ids"/> into <paramref name="output"/> (embedding lookup).</summary>
    public void GetRows(ReadOnlySpan<int> ids, Span<float> output) => Ops.GetRows(Type, Data, Columns, ids, output);

    public override string ToString() => $"{Name} {Type} [{Columns}, {Rows}]";
}
