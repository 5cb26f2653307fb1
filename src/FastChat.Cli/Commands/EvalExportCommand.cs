using System.CommandLine;
using FastChat.Evaluation.Data;
using FastChat.Evaluation.Export;

namespace FastChat.Cli.Commands;

/// <summary>`fastchat eval export-pairwise`: the position-consistent pairwise dataset (questions + both answers + both judgments).</summary>
public static class EvalExportCommand
{
    public static Command Create(CliContext context)
    {
        var bench = EvalArguments.BenchDir();
        var questionFile = new Option<string?>("--question-file") { Description = "Question file (default: BENCH/question.jsonl)" };
        var answerDir = new Option<string?>("--answer-dir") { Description = "Model answers (default: BENCH/model_answer)" };
        var judgmentFile = new Option<string?>("--judgment-file") { Description = "Pairwise judgments (default: BENCH/model_judgment/JUDGE_pair.jsonl)" };
        var judgeModel = new Option<string>("--judge-model") { Description = "Judge whose file to read", DefaultValueFactory = _ => "gpt-4" };
        var referenceFile = new Option<string?>("--reference-file") { Description = "Reference answers used when a question has no reference of its own" };
        var output = new Option<string>("--output", "-o") { Description = "Output JSONL", Required = true };
        var command = new Command("export-pairwise", "Export position-consistent pairwise judgments joined with questions and answers")
        {
            bench, questionFile, answerDir, judgmentFile, judgeModel, referenceFile, output,
        };
        command.SetAction(parseResult =>
        {
            try
            {
                var paths = new BenchPaths(parseResult.GetRequiredValue(bench));
                var questions = BenchData.LoadQuestions(parseResult.GetValue(questionFile) ?? paths.QuestionFile);
                var answers = BenchData.LoadModelAnswers(parseResult.GetValue(answerDir) ?? paths.AnswerDirectory);
                var judgments = JsonLines.Read<PairwiseJudgment>(parseResult.GetValue(judgmentFile) ?? paths.JudgmentFile(parseResult.GetRequiredValue(judgeModel), pairwise: true));
                var references = parseResult.GetValue(referenceFile) is { } file ? BenchData.LoadAnswerFile(file) : null;
                var (rows, report) = PairwiseExporter.Build(questions, answers, judgments, references);
                var outputFile = parseResult.GetRequiredValue(output);
                JsonLines.Write(outputFile, rows);
                context.Output.WriteLine($"{report.Rows} of {report.Judgments} judgments exported to {outputFile} "
                                         + $"(dropped: {report.Inconsistent} inconsistent, {report.Unparsed} unparsed, {report.MissingQuestionOrAnswer} without question or answers)");
                return 0;
            }
            catch (Exception e) when (EvalArguments.IsInputError(e))
            {
                return context.Fail(e.Message);
            }
        });
        return command;
    }
}
