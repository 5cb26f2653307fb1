using System.CommandLine;
using FastChat.Data;
using FastChat.Data.IO;
using FastChat.Data.Stats;
using FastChat.Engine.Tokenization;

namespace FastChat.Cli.Commands;

/// <summary>`fastchat data stats -i FILE -m MODEL.gguf [--plot lengths.png]`: tokens, turns, lengths and their histogram.</summary>
public static class DataStatsCommand
{
    public static Command Create(CliContext context)
    {
        var input = DataCommand.InputOption();
        var model = DataCommand.ModelOption(required: true);
        var plot = new Option<FileInfo?>("--plot") { Description = "Write a histogram of sample lengths as PNG" };
        var command = new Command("stats", "Token, turn and length statistics (FastChat's get_stats)") { input, model, plot };
        command.SetAction(parse => DataCommand.Guard(context, () =>
        {
            var tokenizer = TokenizerFactory.Create(parse.GetRequiredValue(model).FullName);
            var report = new DataReport();
            var path = parse.GetRequiredValue(input).FullName;
            DatasetStats stats;
            using (var progress = new ProgressBar(context.Error, "stats", DatasetReader.Length(path)))
                stats = DatasetStats.Compute(DatasetReader.Read(path, report, progress), tokenizer);
            context.Output.Write(stats.Format());
            if (parse.GetValue(plot) is { } png)
            {
                LengthHistogramPlot.Save(stats.SampleLengths, png.FullName);
                context.Output.WriteLine($"histogram: {png.FullName}");
            }
            if (report.Dropped > 0) context.Output.Write(report.Format());
            return 0;
        }));
        return command;
    }
}
