namespace FastChat.Cli.Tests;

/// <summary>Runs `fastchat` in-process with captured output.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Output, string Error) Run(params string[] args) => RunWithInput("", args);

    /// <summary>Runs with <paramref name="input"/> as standard input (interactive commands).</summary>
    public static (int ExitCode, string Output, string Error) RunWithInput(string input, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = FastChatCli.Run(args, output, error, new StringReader(input));
        return (exitCode, output.ToString(), error.ToString());
    }
}
