namespace FastChat.Quantization.Generation;

/// <summary>Where a `gen-model` write is: the tensor being written and the tensor bytes written of all.</summary>
public readonly record struct GenerationProgress(int TensorIndex, int TensorCount, string TensorName, long BytesDone, long BytesTotal)
{
    public double Fraction => BytesTotal == 0 ? 1 : (double)BytesDone / BytesTotal;
}
