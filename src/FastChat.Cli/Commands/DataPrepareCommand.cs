using System.CommandLine;
using FastChat.Data;
using FastChat.Data.IO;
using FastChat.Data.Steps;
using FastChat.Engine.Tokenization;

namespace FastChat.Cli.Commands;

/// <summary>`fastchat data prepare -i RAW.json [-i MORE.json] -m MODEL.gguf -o DIR`: FastChat's prepare_all chain in one command.</summary>
public static class DataPrepareCommand
{
    public static Command Create(CliContext context)
    {
        var inputs = new Option<FileInfo[]>("--in", "-i") { Description = "Raw ShareGPT files (merged in order)", Required = true, AllowMultipleArgumentsPerToken = true };
        var model = DataCommand.ModelOption(required: true);
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Folder for the results", Required = true };
        var prefix = new Option<string>("--prefix") { DefaultValueFactory = _ => "data", Description = "Output names are {prefix}_{stage}.json" };
        var maxLength = new Option<int>("--max-length") { DefaultValueFactory = _ => 2048 };
        var ratio = new Option<double>("--ratio") { DefaultValueFactory = _ => 0.99, Description = "Fraction for training" };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 0 };
        var noHtml = new Option<bool>("--no-html") { Description = "Input is not HTML" };
        var name = new Option<string?>("--identity-name") { DefaultValueFactory = _ => "Vicuna", Description = "Model name in identity answers ('' for none)" };
        var organization = new Option<string>("--identity-organization") { DefaultValueFactory = _ => "Large Model Systems Organization (LMSYS)" };
        var command = new Command("prepare", "clean → split-long → filter-wrong-format → split-train-test → identity merge → single round")
            { inputs, model, output, prefix, maxLength, ratio, seed, noHtml, name, organization };
        command.SetAction(parse => DataCommand.Guard(context, () =>
        {
            var tokenizer = TokenizerFactory.Create(parse.GetRequiredValue(model).FullName);
            var paths = parse.GetRequiredValue(inputs).Select(f => f.FullName).ToList();
            var options = new PrepareOptions
            {
                Clean = new CleanOptions { ConvertHtml = !parse.GetValue(noHtml) },
                MaxLength = parse.GetValue(maxLength),
                TrainRatio = parse.GetValue(ratio),
                Seed = parse.GetValue(seed),
                IdentityName = parse.GetValue(name) is { Length: > 0 } n ? n : null,
                IdentityOrganization = parse.GetRequiredValue(organization),
            };
            var report = new DataReport();
            PreparedFiles files;
            using (var progress = new ProgressBar(context.Error, "prepare", paths.Sum(DatasetReader.Length)))
                files = PreparePipeline.Run(paths, parse.GetRequiredValue(output).FullName, parse.GetRequiredValue(prefix), tokenizer, options, report, progress);
            foreach (var file in new[] { files.Split, files.Train, files.Test, files.TrainIdentity, files.TrainIdentitySingle })
                context.Output.WriteLine(file);
            return DataCommand.Finish(context, report);
        }));
        return command;
    }
}
