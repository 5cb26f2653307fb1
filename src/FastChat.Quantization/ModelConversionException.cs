namespace FastChat.Quantization;

/// <summary>
/// A model could not be quantized, converted or exported: unsupported architecture, missing or misshapen tensor,
/// unknown dtype, malformed checkpoint file. The message names the offending item (tensor, key, dtype, file).
/// </summary>
public sealed class ModelConversionException : Exception
{
    public ModelConversionException(string message) : base(message) { }

    public ModelConversionException(string message, Exception inner) : base(message, inner) { }
}
