using System.CommandLine;
using System.Text.Json.Nodes;
using FastChat.Arena;
using FastChat.Arena.Labeling;

namespace FastChat.Cli.Commands;

/// <summary>
/// `fastchat arena label INPUT -o OUTPUT.jsonl [--config config.yaml] [--endpoint URL --model NAME] [--batch-size N]
/// [--workers N]`: labels conversations with categories through an OpenAI-compatible endpoint; rerun to resume.
/// </summary>
public static class ArenaLabelCommand
{
    public static Command Create(CliContext context)
    {
        var input = new Argument<FileInfo>("input") { Description = "Battles / conversations: JSON array or JSON lines with conversation_a (or prompt)" };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Labelled records, JSON lines (appended; rerun to resume)", Required = true };
        var config = new Option<FileInfo?>("--config") { Description = "YAML config in FastChat's classify/config.yaml shape" };
        var endpoint = new Option<string?>("--endpoint") { Description = "OpenAI-compatible base URL, e.g. http://127.0.0.1:8000/v1 (overrides the config)" };
        var model = new Option<string?>("--model") { Description = "Model name at the endpoint (overrides the config)" };
        var apiKey = new Option<string?>("--api-key") { Description = "API key (default: $OPENAI_API_KEY or the config)" };
        var categories = new Option<string[]>("--categories") { Description = "Category tags (default: the config's task_name, else all built-in)", AllowMultipleArgumentsPerToken = true };
        var batchSize = new Option<int?>("--batch-size") { Description = "Records per batch" };
        var workers = new Option<int?>("--workers") { Description = "Records labelled in parallel" };
        var maxTokens = new Option<int?>("--max-tokens") { Description = "Answer length limit" };
        var command = new Command("label", "Label conversations with arena categories (hard prompts, instruction following, math, creative writing)")
            { input, output, config, endpoint, model, apiKey, categories, batchSize, workers, maxTokens };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var inputFile = parseResult.GetRequiredValue(input);
            if (!inputFile.Exists) return context.Fail($"{inputFile.FullName} does not exist");
            try
            {
                var settings = parseResult.GetValue(config) is { } configFile ? LabelConfig.Load(configFile.FullName) : new LabelConfig();
                if (parseResult.GetValue(categories) is { Length: > 0 } tags) settings.TaskName = tags.ToList();
                var baseUrl = parseResult.GetValue(endpoint) ?? settings.Endpoints.FirstOrDefault()?.ApiBase;
                var modelName = parseResult.GetValue(model) ?? settings.ModelName;
                if (baseUrl is null || modelName is null) return context.Fail("give --endpoint and --model (or api_base and model_name in --config)");
                var key = parseResult.GetValue(apiKey) ?? Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? settings.Endpoints.FirstOrDefault()?.ApiKey;
                var classifier = LlmCategoryClassifier.Create(new Uri(baseUrl), modelName, key, settings.ResolveCategories(),
                    settings.Temperature, parseResult.GetValue(maxTokens) ?? settings.MaxToken);
                var records = ReadRecords(inputFile.FullName);
                var labeler = new ConversationLabeler(parseResult.GetRequiredValue(output).FullName,
                    new LabelerOptions { MaxRetries = settings.MaxRetry, RetryDelay = TimeSpan.FromSeconds(settings.RetrySleep) },
                    new ArenaLabelLogger(context.Error));
                var summary = await labeler.LabelConversationsAsync(records, classifier,
                    parseResult.GetValue(batchSize) ?? settings.BatchSize, parseResult.GetValue(workers) ?? settings.Parallel,
                    new ArenaLabelProgressBar(context.Error), cancellationToken);
                context.Output.WriteLine($"labelled {summary.Labelled} (already done {summary.AlreadyLabelled}), failed {summary.Failed}, " +
                                         $"unparsed answers {summary.Unparsed}, retries {summary.Retries}, {summary.Elapsed.TotalSeconds:F1} s");
                return 0;
            }
            catch (OperationCanceledException)
            {
                context.Error.WriteLine("interrupted: finished records are saved; rerun the same command to resume");
                return 130;
            }
            catch (Exception e) when (e is ArenaException or IOException or UnauthorizedAccessException or System.Text.Json.JsonException or UriFormatException)
            {
                return context.Fail(e.Message);
            }
        });
        return command;
    }

    /// <summary>Records of a JSON array or JSON-lines file.</summary>
    private static List<JsonObject> ReadRecords(string path)
    {
        var text = File.ReadAllText(path).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.StartsWith('['))
            return (JsonNode.Parse(text) as JsonArray ?? []).Select((n, i) => n as JsonObject ?? throw new ArenaException($"{path}[{i}]: not an object")).ToList();
        return text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)
            .Select((l, i) => JsonNode.Parse(l) as JsonObject ?? throw new ArenaException($"{path}:{i + 1}: not an object")).ToList();
    }
}
