namespace FastChat.Quantization.Generation;

/// <summary>What was written: file size, weights, tensors, time, and any tensor that could not take the requested type.</summary>
public sealed record GenerationResult(string Path, long FileBytes, long ParameterCount, int TensorCount, TimeSpan Elapsed, IReadOnlyList<string> Fallbacks);
