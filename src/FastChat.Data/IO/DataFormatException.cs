namespace FastChat.Data.IO;

/// <summary>An input file cannot be read on (not JSON, invalid UTF-8 inside a JSON array): names the file and where.</summary>
public sealed class DataFormatException(string message, Exception? inner = null) : Exception(message, inner);
