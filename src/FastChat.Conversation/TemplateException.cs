namespace FastChat.Conversation;

/// <summary>
/// A chat template could not be parsed or rendered: names the construct (e.g. <c>filter 'wordwrap'</c>,
/// <c>tag 'call'</c>, <c>raise_exception</c>) and where it is (1-based line and column in the template text).
/// </summary>
public sealed class TemplateException : Exception
{
    /// <summary>Creates the exception; the message is prefixed with the position.</summary>
    public TemplateException(string message, string construct, int line, int column, Exception? inner = null)
        : base($"{message} ({construct} at line {line}, column {column})", inner)
    {
        Construct = construct;
        Line = line;
        Column = column;
        Reason = message;
    }

    /// <summary>The construct that failed, e.g. <c>filter 'wordwrap'</c> or <c>tag 'call'</c>.</summary>
    public string Construct { get; }

    /// <summary>1-based line of the construct in the template text.</summary>
    public int Line { get; }

    /// <summary>1-based column of the construct in the template text.</summary>
    public int Column { get; }

    /// <summary>The message without the position suffix.</summary>
    public string Reason { get; }
}
