namespace FastChat.Gguf;

/// <summary>A GGUF file is malformed; says which field and at which byte offset.</summary>
public sealed class GgufFormatException : Exception
{
    public GgufFormatException(string field, long offset, string problem)
        : base($"Invalid GGUF: {field} at offset {offset}: {problem}")
    {
        Field = field;
        Offset = offset;
    }

    /// <summary>The field that is wrong, e.g. "tensor_count" or "tensor[3] 'output.weight'.offset".</summary>
    public string Field { get; }

    /// <summary>Byte offset of that field in the file (-1 when the problem is not at one place).</summary>
    public long Offset { get; }
}
