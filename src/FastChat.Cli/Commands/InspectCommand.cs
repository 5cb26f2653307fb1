using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using FastChat.Cli.Inspection;
using FastChat.Conversation;
using FastChat.Gguf;
using Microsoft.Extensions.Logging;

namespace FastChat.Cli.Commands;

/// <summary>
/// `fastchat inspect FILE.gguf [--json] [--all] [--chat-template NAME]`: architecture, tokenizer, metadata, tensor
/// table, and the chat template the server would choose (and why).
/// </summary>
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
        var chatTemplate = new Option<string?>("--chat-template") { Description = "A FastChat template name that overrides the model's own chat template" };
        var command = new Command("inspect", "Show a GGUF file's architecture, tokenizer, metadata, tensors and chat template") { file, json, all, chatTemplate };
        command.SetAction(parseResult => Run(context, parseResult.GetRequiredValue(file), parseResult.GetValue(json), parseResult.GetValue(all),
            parseResult.GetValue(chatTemplate)));
        return command;
    }

    private static int Run(CliContext context, FileInfo file, bool json, bool all, string? chatTemplate)
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
            var selection = SelectChatTemplate(gguf, file, chatTemplate);
            logger.LogInformation("Chat template {Template} from {Source}: {Detail}", selection.Template.Name, selection.SourceName, selection.Detail);
            if (json)
            {
                var node = JsonSerializer.SerializeToNode(report, JsonOptions)!.AsObject();
                node["chat_template_choice"] = new JsonObject
                {
                    ["name"] = selection.Template.Name,
                    ["source"] = selection.SourceName,
                    ["detail"] = selection.Detail,
                };
                context.Output.WriteLine(node.ToJsonString(JsonOptions));
            }
            else
            {
                InspectRenderer.Render(context.Console, report, all);
                context.Output.WriteLine($"chat template: {selection.Template.Name} (source: {selection.SourceName}; {selection.Detail})");
            }
            return 0;
        }
        catch (KeyNotFoundException e)
        {
            return context.Fail(e.Message);
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

    /// <summary>
    /// The template choice the server makes: --chat-template, else tokenizer.chat_template, else FastChat's adapter
    /// for general.name (or the file name), else FastChat's default.
    /// </summary>
    private static ChatTemplateSelection SelectChatTemplate(GgufFile gguf, FileInfo file, string? explicitName)
    {
        var metadata = gguf.Metadata;
        var modelName = metadata.GetStringOrNull(GgufKeys.Name) is { Length: > 0 } name ? name : Path.GetFileNameWithoutExtension(file.Name);
        var jinja = metadata.GetStringOrNull("tokenizer.chat_template");
        var tokenizer = gguf.Tokenizer;
        return ChatTemplateSelector.Select(explicitName, jinja, modelName,
            TokenText(metadata, tokenizer?.BosTokenId), TokenText(metadata, tokenizer?.EosTokenId));
    }

    private static string TokenText(GgufMetadata metadata, long? id)
    {
        var tokens = metadata.GetArrayOrNull(GgufKeys.Tokens);
        return id is { } index && tokens is not null && index >= 0 && index < tokens.Count ? tokens.GetString((int)index) : "";
    }
}
