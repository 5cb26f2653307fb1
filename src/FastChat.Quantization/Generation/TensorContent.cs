namespace FastChat.Quantization.Generation;

/// <summary>What a generated tensor holds.</summary>
internal enum TensorContent
{
    /// <summary>Seeded random weights (matrices and biases).</summary>
    Random,

    /// <summary>All 1 (RMSNorm weights, so activations keep their scale).</summary>
    Ones,
}
