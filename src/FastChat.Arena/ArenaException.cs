namespace FastChat.Arena;

/// <summary>Bad arena input: a malformed battle or log record, an unknown winner, a bad labelling config. Says what and where.</summary>
public sealed class ArenaException : Exception
{
    /// <summary>Creates the exception with a message that names the file, line or field at fault.</summary>
    public ArenaException(string message) : base(message) { }

    /// <summary>Creates the exception wrapping the error that caused it.</summary>
    public ArenaException(string message, Exception inner) : base(message, inner) { }
}
