using System.CommandLine;
using System.Globalization;
using FastChat.Evaluation.Charts;
using FastChat.Evaluation.Data;
using FastChat.Evaluation.Judging;
using FastChat.Evaluation.Results;
using Spectre.Console;

namespace FastChat.Cli.Commands;

/// <summary>`fastchat eval show`: FastChat's show_result, plus per-category tables and a PNG chart.</summary>
public static class EvalShowCommand
{
    public static Command Create(CliContext context)
    {
        var bench = EvalArguments.BenchDir();
        var input = new Option<string?>("--input-file") { Description = "Judgment file (default: BENCH/model_judgment/JUDGE_single.jsonl or JUDGE_pair.jsonl)" };
        var questionFile = new Option<string?>("--question-file") { Description = "Questions, for the per-category tables (default: BENCH/question.jsonl)" };
        var judgeModel = new Option<string>("--judge-model") { Description = "Judge whose file to read", DefaultValueFactory = _ => "gpt-4" };
        var mode = EvalArguments.Mode();
        var baseline = new Option<string>("--baseline-model") { Description = "Baseline for pairwise-baseline", DefaultValueFactory = _ => "gpt-3.5-turbo" };
        var models = EvalArguments.ModelList();
        var chart = new Option<string?>("--chart") { Description = "Write a PNG per-category chart here (radar for single, bars of adjusted win rate for pairwise)" };
        var command = new Command("show", "Show results: average scores per turn, or win/loss/tie and adjusted win rate; per category")
        {
            bench, input, questionFile, judgeModel, mode, baseline, models, chart,
        };
        command.SetAction(parseResult =>
        {
            try
            {
                var paths = new BenchPaths(parseResult.GetRequiredValue(bench));
                var judgeMode = JudgeModes.Parse(parseResult.GetRequiredValue(mode));
                var file = parseResult.GetValue(input) ?? paths.JudgmentFile(parseResult.GetRequiredValue(judgeModel), judgeMode.IsPairwise());
                var categories = EvalArguments.Categories(parseResult.GetValue(questionFile) ?? paths.QuestionFile);
                var modelList = parseResult.GetValue(models) is { Length: > 0 } list ? list.ToHashSet(StringComparer.Ordinal) : null;
                context.Output.WriteLine($"Mode: {parseResult.GetValue(mode)}");
                context.Output.WriteLine($"Input file: {file}");
                if (judgeMode == JudgeMode.Single) ShowSingle(context, JsonLines.Read<SingleJudgment>(file), categories, modelList, parseResult.GetValue(chart));
                else ShowPairwise(context, JsonLines.Read<PairwiseJudgment>(file), judgeMode == JudgeMode.PairwiseBaseline ? parseResult.GetRequiredValue(baseline) : null,
                                  categories, modelList, parseResult.GetValue(chart));
                return 0;
            }
            catch (Exception e) when (EvalArguments.IsInputError(e))
            {
                return context.Fail(e.Message);
            }
        });
        return command;
    }

    private static void ShowSingle(CliContext context, List<SingleJudgment> judgments, Dictionary<QuestionId, string>? categories,
                                   HashSet<string>? models, string? chartPath)
    {
        var summary = SingleScoreSummary.Compute(judgments, categories, models);
        var unrated = judgments.Count(j => j.Score == JudgmentParser.NoRating);
        if (unrated > 0) context.Output.WriteLine($"{unrated} of {judgments.Count} judgment(s) have no rating (score -1) and are left out");
        ScoreTable(context, "First turn", summary.FirstTurn);
        if (summary.SecondTurn.Count > 0)
        {
            ScoreTable(context, "Second turn", summary.SecondTurn);
            ScoreTable(context, "Average", summary.Average);
        }
        if (summary.ByCategory.Count == 0) return;
        var names = summary.ByCategory.Keys.ToList();
        var rows = summary.Average.Select(s => s.Model).ToList();
        var table = new Table { Title = new TableTitle("Average score by category") }.AddColumn("model");
        foreach (var category in names) table.AddColumn(new TableColumn(Markup.Escape(category)).RightAligned());
        foreach (var model in rows)
            table.AddRow([Markup.Escape(model), .. names.Select(c => summary.ByCategory[c].TryGetValue(model, out var s) ? F(s.Score, 2) : "-")]);
        context.Console.Write(table);
        if (chartPath is null) return;
        var series = rows.Select(m => (m, names.Select(c => summary.ByCategory[c].TryGetValue(m, out var s) ? s.Score : 0).ToArray())).ToList();
        CategoryChart.SaveRadar(chartPath, "Average score by category", names, series, 10);
        context.Output.WriteLine($"chart: {chartPath}");
    }

    private static void ShowPairwise(CliContext context, List<PairwiseJudgment> judgments, string? baseline, Dictionary<QuestionId, string>? categories,
                                     HashSet<string>? models, string? chartPath)
    {
        var summary = PairwiseSummary.Compute(judgments, baseline, categories, models);
        var unparsed = judgments.Count(j => j.Game1Winner == PairwiseJudgment.Error || j.Game2Winner == PairwiseJudgment.Error);
        if (unparsed > 0) context.Output.WriteLine($"{unparsed} of {judgments.Count} judgment(s) have no verdict in one order (\"error\") and are left out");
        WinTable(context, baseline is null ? "All pairs" : $"Against {baseline}", summary.Overall);
        foreach (var (category, rows) in summary.ByCategory.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            WinTable(context, $"Category: {category}", rows);
        if (chartPath is null || summary.ByCategory.Count == 0) return;
        var names = summary.ByCategory.Keys.Order(StringComparer.Ordinal).ToList();
        var series = summary.Overall.Select(r => (r.Model, names.Select(c => summary.ByCategory[c].FirstOrDefault(x => x.Model == r.Model)?.AdjustedWinRate ?? 0).ToArray())).ToList();
        CategoryChart.SaveBars(chartPath, "Adjusted win rate by category", names, series, 1);
        context.Output.WriteLine($"chart: {chartPath}");
    }

    private static void ScoreTable(CliContext context, string title, IReadOnlyList<ModelScore> scores)
    {
        var table = new Table { Title = new TableTitle(title) }.AddColumn("model").AddColumn(new TableColumn("score").RightAligned()).AddColumn(new TableColumn("n").RightAligned());
        foreach (var s in scores) table.AddRow(Markup.Escape(s.Model), F(s.Score, 6), s.Count.ToString(CultureInfo.InvariantCulture));
        context.Console.Write(table);
    }

    private static void WinTable(CliContext context, string title, IReadOnlyList<WinLossTie> rows)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape(title)) }.AddColumn("model");
        foreach (var name in new[] { "win", "loss", "tie", "win_rate", "loss_rate", "win_rate_adjusted" }) table.AddColumn(new TableColumn(name).RightAligned());
        foreach (var r in rows)
            table.AddRow(Markup.Escape(r.Model), I(r.Win), I(r.Loss), I(r.Tie), F(r.WinRate, 6), F(r.LossRate, 6), F(r.AdjustedWinRate, 6));
        context.Console.Write(table);
    }

    private static string F(double value, int digits) => value.ToString("F" + digits, CultureInfo.InvariantCulture);

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
