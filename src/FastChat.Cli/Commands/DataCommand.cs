using System.CommandLine;
using FastChat.Data;
using FastChat.Data.IO;
using FastChat.Data.Stats;
using FastChat.Data.Steps;
using FastChat.Engine.Tokenization;
using FastChat.Gguf;

namespace FastChat.Cli.Commands;

/// <summary>
/// `fastchat data VERB ...`: FastChat's data scripts (clean, split-long, filter-wrong-format, split-train-test, merge,
/// sample, extract-single-round, convert-alpaca, identity, stats, prepare). Inputs are JSON arrays or JSONL; a progress
/// bar goes to stderr and every dropped record is reported by step and reason.
/// </summary>
public static class DataCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("data", "Prepare ShareGPT conversation data for training");
        command.Subcommands.Add(Clean(context));
        command.Subcommands.Add(SplitLong(context));
        command.Subcommands.Add(StepVerb(context, "filter-wrong-format", "Drop samples whose numbered lists restart at 1", _ => new FilterWrongFormatStep()));
        command.Subcommands.Add(StepVerb(context, "extract-single-round", "Keep the first human/gpt exchange of each sample", _ => new ExtractSingleRoundStep()));
        command.Subcommands.Add(Sample(context));
        command.Subcommands.Add(SplitTrainTest(context));
        command.Subcommands.Add(Merge(context));
        command.Subcommands.Add(ConvertAlpaca(context));
        command.Subcommands.Add(Identity(context));
        command.Subcommands.Add(DataStatsCommand.Create(context));
        command.Subcommands.Add(DataPrepareCommand.Create(context));
        return command;
    }

    internal static Option<FileInfo> InputOption() => new("--in", "-i") { Description = "Input file (.json array or .jsonl)", Required = true };

    internal static Option<FileInfo> OutputOption() => new("--out", "-o") { Description = "Output file (.json array, or .jsonl)", Required = true };

    internal static Option<FileInfo> ModelOption(bool required) => new("--model", "-m") { Description = "GGUF file whose tokenizer counts tokens", Required = required };

    private static Command Clean(CliContext context)
    {
        var words = new Option<string[]>("--unwanted") { Description = "Drop samples containing these words (default: openai chatgpt)", AllowMultipleArgumentsPerToken = true };
        var maxChars = new Option<int>("--max-message-chars") { Description = "Drop samples with a longer turn", DefaultValueFactory = _ => 200_000 };
        var noHtml = new Option<bool>("--no-html") { Description = "Input is not HTML: skip the markdown conversion" };
        var keepDuplicates = new Option<bool>("--keep-duplicates") { Description = "Do not drop repeated conversations" };
        return StepVerb(context, "clean", "ShareGPT HTML to markdown; drop short, empty, duplicate, mis-ordered and unwanted samples", parse =>
        {
            var options = new CleanOptions
            {
                MaxMessageChars = parse.GetValue(maxChars),
                ConvertHtml = !parse.GetValue(noHtml),
                RemoveDuplicates = !parse.GetValue(keepDuplicates),
            };
            if (parse.GetValue(words) is { Length: > 0 } list) options = options with { UnwantedWords = list };
            return new CleanStep(options);
        }, words, maxChars, noHtml, keepDuplicates);
    }

    private static Command SplitLong(CliContext context)
    {
        var model = ModelOption(required: true);
        var maxLength = new Option<int>("--max-length") { Description = "Token budget per piece", DefaultValueFactory = _ => 2048 };
        return StepVerb(context, "split-long", "Split conversations to a token budget (each turn costs its tokens + 6)",
            parse => new SplitLongStep(TokenizerFactory.Create(parse.GetRequiredValue(model).FullName), parse.GetValue(maxLength)), model, maxLength);
    }

    private static Command Sample(CliContext context)
    {
        var begin = new Option<int>("--begin") { DefaultValueFactory = _ => 0, Description = "First position taken" };
        var end = new Option<int>("--end") { DefaultValueFactory = _ => 100, Description = "Position after the last taken" };
        var maxLength = new Option<int>("--max-length") { DefaultValueFactory = _ => 1024, Description = "Drop samples with more characters" };
        var keepOrder = new Option<bool>("--keep-order") { Description = "Do not shuffle" };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 42 };
        return StepVerb(context, "sample", "Take a (shuffled) range of samples",
            parse => new SampleStep(parse.GetValue(begin), parse.GetValue(end), parse.GetValue(maxLength), parse.GetValue(keepOrder), parse.GetValue(seed)),
            begin, end, maxLength, keepOrder, seed);
    }

    /// <summary>A verb that reads --in, runs one step and writes --out.</summary>
    private static Command StepVerb(CliContext context, string name, string description, Func<ParseResult, DataStep> createStep, params Option[] extra)
    {
        var input = InputOption();
        var output = OutputOption();
        var command = new Command(name, description) { input, output };
        foreach (var option in extra) command.Options.Add(option);
        command.SetAction(parse => Guard(context, () =>
        {
            var step = createStep(parse);
            var report = new DataReport();
            var path = parse.GetRequiredValue(input).FullName;
            using var progress = new ProgressBar(context.Error, name, DatasetReader.Length(path));
            DatasetWriter.Write(parse.GetRequiredValue(output).FullName, step.Apply(DatasetReader.Read(path, report, progress), report), report);
            return Finish(context, report);
        }));
        return command;
    }

    private static Command SplitTrainTest(CliContext context)
    {
        var input = InputOption();
        var ratio = new Option<double>("--ratio") { DefaultValueFactory = _ => 0.9, Description = "Fraction for training" };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 0 };
        var command = new Command("split-train-test", "Seeded split into {name}_train and {name}_test beside the input") { input, ratio, seed };
        command.SetAction(parse => Guard(context, () =>
        {
            var path = parse.GetRequiredValue(input).FullName;
            var report = new DataReport();
            var (train, test) = TrainTestSplit.Split(DatasetReader.Read(path, report), parse.GetValue(ratio), parse.GetValue(seed));
            var stem = Path.Combine(Path.GetDirectoryName(path)!, Path.GetFileNameWithoutExtension(path));
            var extension = Path.GetExtension(path);
            DatasetWriter.Write(stem + "_train" + extension, train, report);
            DatasetWriter.Write(stem + "_test" + extension, test, report);
            context.Output.WriteLine($"train: {train.Count}, test: {test.Count}");
            return Finish(context, report);
        }));
        return command;
    }

    private static Command Merge(CliContext context)
    {
        var inputs = new Option<FileInfo[]>("--in", "-i") { Description = "Input files, merged in order", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = OutputOption();
        var command = new Command("merge", "Concatenate several files") { inputs, output };
        command.SetAction(parse => Guard(context, () =>
        {
            var report = new DataReport();
            var records = parse.GetRequiredValue(inputs).SelectMany(file => DatasetReader.Read(file.FullName, report));
            DatasetWriter.Write(parse.GetRequiredValue(output).FullName, records, report);
            return Finish(context, report);
        }));
        return command;
    }

    private static Command ConvertAlpaca(CliContext context)
    {
        var input = new Option<FileInfo>("--in", "-i") { Description = "Alpaca JSON (instruction, input, output)", Required = true };
        var output = OutputOption();
        var command = new Command("convert-alpaca", "Alpaca records to ShareGPT single rounds") { input, output };
        command.SetAction(parse => Guard(context, () =>
        {
            var report = new DataReport();
            DatasetWriter.Write(parse.GetRequiredValue(output).FullName, AlpacaConverter.Convert(parse.GetRequiredValue(input).FullName, report), report);
            return Finish(context, report);
        }));
        return command;
    }

    private static Command Identity(CliContext context)
    {
        var output = OutputOption();
        var name = new Option<string>("--name") { DefaultValueFactory = _ => "Vicuna", Description = "The model's name in the answers" };
        var organization = new Option<string>("--organization", "--org") { DefaultValueFactory = _ => "Large Model Systems Organization (LMSYS)" };
        var command = new Command("identity", "Write the hard-coded identity questions and answers") { output, name, organization };
        command.SetAction(parse => Guard(context, () =>
        {
            var report = new DataReport();
            DatasetWriter.Write(parse.GetRequiredValue(output).FullName, IdentityQuestions.Generate(parse.GetRequiredValue(name), parse.GetRequiredValue(organization)), report);
            return Finish(context, report);
        }));
        return command;
    }

    /// <summary>Prints the report (to stdout) and returns 0.</summary>
    internal static int Finish(CliContext context, DataReport report)
    {
        context.Output.Write(report.Format());
        return 0;
    }

    /// <summary>Turns the pipeline's expected failures into "error: ..." and exit code 2.</summary>
    internal static int Guard(CliContext context, Func<int> run)
    {
        try
        {
            return run();
        }
        catch (Exception e) when (e is DataFormatException or FileNotFoundException or GgufFormatException or TokenizerException
                                       or ArgumentException or IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            return context.Fail(e.Message);
        }
    }
}
