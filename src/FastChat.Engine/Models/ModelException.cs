namespace FastChat.Engine.Models;

/// <summary>
/// A model that cannot be loaded or run: an unsupported architecture or tensor type, a missing or misshapen
/// tensor, a missing hyper-parameter, or a request the model cannot serve (a prompt longer than its context).
/// The message names the file, tensor, key or limit at fault.
/// </summary>
public sealed class ModelException(string message, Exception? inner = null) : Exception(message, inner);
