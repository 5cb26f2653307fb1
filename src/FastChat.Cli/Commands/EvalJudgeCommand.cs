using System.CommandLine;
using FastChat.Evaluation.Data;
using FastChat.Evaluation.Endpoints;
using FastChat.Evaluation.Judging;

namespace FastChat.Cli.Commands;

/// <summary>`fastchat eval judge`: FastChat's gen_judgment with any OpenAI-compatible judge model.</summary>
public static class EvalJudgeCommand
{
    public static Command Create(CliContext context)
    {
        var bench = EvalArguments.BenchDir();
        var questionFile = new Option<string?>("--question-file") { Description = "Question file (default: BENCH/question.jsonl)" };
        var answerDir = new Option<string?>("--answer-dir") { Description = "Model answers (default: BENCH/model_answer)" };
        var judgeFile = new Option<string?>("--judge-file") { Description = "Judge prompts (default: BENCH/judge_prompts.jsonl or the one beside BENCH)" };
        var judgeModel = new Option<string>("--judge-model") { Description = "Judge model name at the endpoint", DefaultValueFactory = _ => "gpt-4" };
        var baseUrl = EvalArguments.BaseUrl();
        var apiKey = EvalArguments.ApiKey();
        var mode = EvalArguments.Mode();
        var baseline = new Option<string>("--baseline-model") { Description = "Baseline for pairwise-baseline", DefaultValueFactory = _ => "gpt-3.5-turbo" };
        var models = EvalArguments.ModelList();
        var referenceFile = new Option<string?>("--reference-file") { Description = "Reference answers for math/reasoning/coding (default: BENCH/reference_answer/JUDGE.jsonl, else gpt-4.jsonl)" };
        var output = new Option<string?>("--output") { Description = "Judgment file (default: BENCH/model_judgment/JUDGE_single.jsonl or JUDGE_pair.jsonl)" };
        var firstN = new Option<int?>("--first-n") { Description = "Only the first N questions" };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Most tokens per judgment", DefaultValueFactory = _ => 2048 };
        var parallel = EvalArguments.Parallel();
        var attempts = EvalArguments.MaxAttempts();
        var command = new Command("judge", "Judge model answers with an LLM (single grading or pairwise in both orders); resumes")
        {
            bench, questionFile, answerDir, judgeFile, judgeModel, baseUrl, apiKey, mode, baseline, models, referenceFile, output, firstN, maxTokens, parallel, attempts,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                var paths = new BenchPaths(parseResult.GetRequiredValue(bench));
                var judgeName = parseResult.GetRequiredValue(judgeModel);
                var judgeMode = JudgeModes.Parse(parseResult.GetRequiredValue(mode));
                var questions = BenchData.LoadQuestions(parseResult.GetValue(questionFile) ?? paths.QuestionFile, 0, parseResult.GetValue(firstN));
                var answersDirectory = parseResult.GetValue(answerDir) ?? paths.AnswerDirectory;
                var answers = BenchData.LoadModelAnswers(answersDirectory);
                var modelList = parseResult.GetValue(models) is { Length: > 0 } list ? [.. list] : BenchData.ModelNames(answersDirectory);
                var references = LoadReferences(parseResult.GetValue(referenceFile), paths, judgeName);
                var prompts = BenchData.LoadJudgePrompts(parseResult.GetValue(judgeFile) ?? paths.JudgePromptFile);
                var judges = JudgeSet.Create(judgeName, prompts, judgeMode.IsPairwise());
                var baselineModel = judgeMode == JudgeMode.PairwiseBaseline ? parseResult.GetRequiredValue(baseline) : null;
                var matches = MatchPlanner.Plan(judgeMode, questions, modelList, answers, references, judges, baselineModel);
                var outputFile = parseResult.GetValue(output) ?? paths.JudgmentFile(judgeName, judgeMode.IsPairwise());

                context.Error.WriteLine($"mode {parseResult.GetValue(mode)}, judge {judgeName}, models [{string.Join(", ", modelList)}]"
                                        + (baselineModel is null ? "" : $", baseline {baselineModel}")
                                        + $": {questions.Count} questions, {matches.Count} matches -> {outputFile}");
                var endpoint = new OpenAiChatCompleter(judgeName, new Uri(parseResult.GetRequiredValue(baseUrl)), EvalArguments.Key(parseResult, apiKey));
                var runner = new JudgmentRunner(endpoint, EvalArguments.Retry(context, parseResult.GetValue(attempts)), parseResult.GetValue(parallel), parseResult.GetValue(maxTokens));
                var report = await runner.RunAsync(matches, outputFile, new EvalProgressBar(context.Error, "judgments"), cancellationToken);
                context.Output.WriteLine($"{report.Written} judged, {report.AlreadyJudged} already judged, {report.Failures.Count} failed -> {outputFile}");
                return EvalReporting.Failures(context, report.Failures);
            }
            catch (Exception e) when (EvalArguments.IsInputError(e))
            {
                return context.Fail(e.Message);
            }
        });
        return command;
    }

    private static Dictionary<QuestionId, ModelAnswer> LoadReferences(string? explicitFile, BenchPaths paths, string judgeModel)
    {
        if (explicitFile is not null) return BenchData.LoadAnswerFile(explicitFile);
        foreach (var candidate in new[] { paths.ReferenceFile(judgeModel), paths.ReferenceFile("gpt-4") })
            if (File.Exists(candidate)) return BenchData.LoadAnswerFile(candidate);
        return [];
    }
}
