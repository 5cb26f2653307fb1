using System.ClientModel;
using System.CommandLine;
using System.Text.Json;
using FastChat.Evaluation.Data;
using FastChat.Evaluation.Endpoints;
using FastChat.Evaluation.Judging;

namespace FastChat.Cli.Commands;

/// <summary>Options the eval verbs share: the bench folder, the endpoint, retries.</summary>
internal static class EvalArguments
{
    public static Option<string> BenchDir() => new("--bench-dir")
    {
        Description = "Bench folder in FastChat's layout (question.jsonl, model_answer/, reference_answer/, model_judgment/)",
        DefaultValueFactory = _ => "data/mt_bench",
    };

    public static Option<string> BaseUrl(string name = "--base-url") => new(name)
    {
        Description = "OpenAI-compatible API base URL",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OPENAI_BASE_URL") is { Length: > 0 } url ? url : "http://127.0.0.1:8000/v1",
    };

    public static Option<string?> ApiKey() => new("--api-key") { Description = "API key (default: $OPENAI_API_KEY)" };

    public static Option<int> Parallel() => new("--parallel") { Description = "Concurrent API calls", DefaultValueFactory = _ => 1 };

    public static Option<int> MaxAttempts() => new("--max-attempts") { Description = "Attempts per call before a failure is reported (exponential backoff between)", DefaultValueFactory = _ => 6 };

    public static Option<string[]> ModelList() => new("--model-list") { Description = "Models to include (default: all)", AllowMultipleArgumentsPerToken = true };

    public static Option<string> Mode() => new Option<string>("--mode")
    {
        Description = "single | pairwise-baseline | pairwise-all",
        DefaultValueFactory = _ => "single",
    }.AcceptOnlyFromAmong([.. JudgeModes.Names]);

    public static string? Key(ParseResult result, Option<string?> option) =>
        result.GetValue(option) ?? Environment.GetEnvironmentVariable("OPENAI_API_KEY");

    public static RetryPolicy Retry(CliContext context, int maxAttempts) => new()
    {
        MaxAttempts = Math.Max(1, maxAttempts),
        OnRetry = (attempt, error, wait) =>
            context.Error.WriteLine($"\nretry {attempt}/{maxAttempts - 1} in {wait.TotalSeconds:0.0}s: {RetryExhaustedException.Describe(error)}"),
    };

    /// <summary>True for failures that are the user's input (files, data, arguments) rather than bugs.</summary>
    public static bool IsInputError(Exception e) =>
        e is IOException or UnauthorizedAccessException or InvalidDataException or JsonException or EvaluationDataException
            or KeyNotFoundException or ArgumentException or FormatException or UriFormatException or ClientResultException;

    /// <summary>Question categories by id, when the question file exists.</summary>
    public static Dictionary<QuestionId, string>? Categories(string? questionFile) =>
        questionFile is not null && File.Exists(questionFile)
            ? BenchData.LoadQuestions(questionFile).GroupBy(q => q.QuestionId).ToDictionary(g => g.Key, g => g.Last().Category)
            : null;
}
