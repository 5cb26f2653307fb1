using System.CommandLine;
using System.Globalization;
using FastChat.Evaluation.Results;
using Spectre.Console;

namespace FastChat.Cli.Commands;

/// <summary>`fastchat eval vicuna-review`: total GPT-4 review scores of the original Vicuna evaluation tables.</summary>
public static class EvalVicunaCommand
{
    public static Command Create(CliContext context)
    {
        var table = new Option<string>("--table") { Description = "The Vicuna evaluation table/ folder (answer/, review/, model.jsonl)", Required = true };
        var review = new Option<string>("--review") { Description = "Review folder under table/review/", DefaultValueFactory = _ => "vicuna-13b_20230322-clean-lang" };
        var command = new Command("vicuna-review", "Total scores per model pair from the original Vicuna GPT-4 reviews") { table, review };
        command.SetAction(parseResult =>
        {
            try
            {
                var totals = VicunaReviewTotals.Compute(parseResult.GetRequiredValue(table), parseResult.GetRequiredValue(review));
                var output = new Table { Title = new TableTitle(Markup.Escape(parseResult.GetRequiredValue(review))) }
                    .AddColumn("model 1").AddColumn(new TableColumn("total 1").RightAligned()).AddColumn("model 2").AddColumn(new TableColumn("total 2").RightAligned())
                    .AddColumn(new TableColumn("wins 1").RightAligned()).AddColumn(new TableColumn("wins 2").RightAligned()).AddColumn(new TableColumn("ties").RightAligned())
                    .AddColumn(new TableColumn("questions").RightAligned());
                foreach (var t in totals)
                    output.AddRow(Markup.Escape(t.Model1), S(t.Total1), Markup.Escape(t.Model2), S(t.Total2), S(t.Wins1), S(t.Wins2), S(t.Ties), S(t.Questions));
                context.Console.Write(output);
                return 0;
            }
            catch (Exception e) when (EvalArguments.IsInputError(e) || e is DirectoryNotFoundException)
            {
                return context.Fail(e.Message);
            }
        });
        return command;
    }

    private static string S(double value) => value.ToString("0.0##", CultureInfo.InvariantCulture);

    private static string S(int value) => value.ToString(CultureInfo.InvariantCulture);
}
