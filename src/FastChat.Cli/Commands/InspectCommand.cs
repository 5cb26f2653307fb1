using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using FastChat.Cli.Inspection;
using FastChat.Gguf;
using Microsoft.Extensions.Logging;

namespace FastChat.Cli.Commands;

/// <summary>`fastchat inspect FILE.gguf [--json] [--all]`: architecture, tokenizer, metadata and tensor table.</summary>
public static class InspectCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static Command Create(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "GGUF file to inspect" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON" };
        var all = new Option<bool>("--all") { Description = "List every tensor (the table shows the first 40 otherwise)" };
        var command = new Command("inspect", "Show a GGUF file's architecture, tokenizer, metadata and tensors") { file, json, all };
        command.SetAction(parseResult => Run(context, parseResult.GetRequiredValue(file), parseResult.GetValue(json), parseResult.GetValue(all)));
        return command;
    }

    private static int Run(CliContext context, FileInfo file, bool json, bool all)
    {
        var logger = context.LoggerFactory.CreateLogger("inspect");
        if (!file.Exists) return context.Fail($"{file.FullName} does not exist");
        try
        {
            var clock = Stopwatch.StartNew();
            using var gguf = GgufFile.Open(file.FullName);
            clock.Stop();
            logger.LogInformation("Opened {File} ({Bytes} bytes, {Tensors} tensors) in {Milliseconds:0.###} ms",
                file.FullName, gguf.Length, gguf.Tensors.Count, clock.Elapsed.TotalMilliseconds);

            var report = InspectReport.Create(gguf, clock.Elapsed);
            if (json) context.Output.WriteLine(JsonSerializer.Serialize(report, JsonOptions));
            else InspectRenderer.Render(context.Console, report, all);
            return 0;
        }
        catch (GgufFormatException e)
        {
            return context.Fail(e.Message);
        }
        catch (IOException e)
        {
            return context.Fail($"cannot read {file.FullName}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            return context.Fail($"cannot read {file.FullName}: {e.Message}");
        }
    }
}
