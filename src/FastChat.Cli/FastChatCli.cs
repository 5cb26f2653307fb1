using System.CommandLine;
using FastChat.Cli.Commands;

namespace FastChat.Cli;

/// <summary>Builds the `fastchat` command tree; output goes to the given writers so tests can run it in-process.</summary>
public static class FastChatCli
{
    public static RootCommand Build(CliContext context) =>
        new("fastchat: train, serve and evaluate chat LLMs on the FastChat.Native engine")
        {
            InspectCommand.Create(context),
            InfoCommand.Create(context),
            TokenizeCommand.Create(context),
            GenModelCommand.Create(context),
            QuantizeCommand.Create(context),
            ConvertCommand.Create(context),
            ExportCommand.Create(context),
            GenerateCommand.Create(context),
            PerplexityCommand.Create(context),
            ServeCommand.Create(context),
            BenchCommand.Create(context),
            EvalCommand.Create(context),
            DataCommand.Create(context),
            TrainCommand.Create(context),
            ChatCommand.Create(context),
            CompareCommand.Create(context),
            ArenaCommand.Create(context),
        };

    public static int Run(string[] args, TextWriter output, TextWriter error, TextReader? input = null)
    {
        using var context = new CliContext(output, error, input);
        var parseResult = Build(context).Parse(args);
        return parseResult.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }
}
