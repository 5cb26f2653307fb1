namespace FastChat.Quantization.Pipeline;

/// <summary>Where a quantize or convert run is: the tensor being written and the source bytes done of all.</summary>
public readonly record struct ConversionProgress(int TensorIndex, int TensorCount, string TensorName, long BytesDone, long BytesTotal)
{
    public double Fraction => BytesTotal == 0 ? 1 : (double)BytesDone / BytesTotal;
}
