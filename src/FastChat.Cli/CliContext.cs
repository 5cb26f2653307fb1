using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace FastChat.Cli;

/// <summary>Where a command writes: plain text and JSON to Output, tables through Spectre, logs and errors to Error.</summary>
public sealed class CliContext : IDisposable
{
    /// <summary>Exit code for bad input (unreadable or malformed files, bad arguments).</summary>
    public const int InputError = 2;

    public CliContext(TextWriter output, TextWriter error, TextReader? input = null)
    {
        Input = input ?? System.Console.In;
        Output = output;
        Error = error;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = ColorSystemSupport.Detect,
        });
        if (!ReferenceEquals(output, System.Console.Out) || System.Console.IsOutputRedirected)
            Console.Profile.Width = 160; // redirected output has no terminal width; keep tables readable
        var level = Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("FASTCHAT_LOG_LEVEL"), true, out var parsed)
            ? parsed
            : LogLevel.Warning;
        LoggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(builder => builder
            .SetMinimumLevel(level)
            .AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.TimestampFormat = "HH:mm:ss.fff ";
            }));
    }

    /// <summary>Where interactive commands (chat) read lines.</summary>
    public TextReader Input { get; }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    public IAnsiConsole Console { get; }

    public ILoggerFactory LoggerFactory { get; }

    /// <summary>Prints "error: message" to the error writer and returns <see cref="InputError"/>.</summary>
    public int Fail(string message)
    {
        Error.WriteLine("error: " + message);
        return InputError;
    }

    public void Dispose() => LoggerFactory.Dispose();
}
