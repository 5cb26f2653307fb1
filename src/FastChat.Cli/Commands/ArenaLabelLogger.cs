using Microsoft.Extensions.Logging;

namespace FastChat.Cli.Commands;

/// <summary>Writes the labeller's log lines (per-batch timing and errors) to stderr at Information and above.</summary>
internal sealed class ArenaLabelLogger(TextWriter writer) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        lock (writer) writer.WriteLine($"\r{DateTime.Now:HH:mm:ss} {(logLevel >= LogLevel.Warning ? "warn: " : "")}{formatter(state, exception)}");
    }
}
