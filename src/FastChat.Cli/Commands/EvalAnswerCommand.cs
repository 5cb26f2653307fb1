using System.CommandLine;
using FastChat.Evaluation.Answers;
using FastChat.Evaluation.Data;
using FastChat.Evaluation.Endpoints;

namespace FastChat.Cli.Commands;

/// <summary>`fastchat eval answer`: FastChat's gen_api_answer against any OpenAI-compatible endpoint.</summary>
public static class EvalAnswerCommand
{
    public static Command Create(CliContext context)
    {
        var bench = EvalArguments.BenchDir();
        var questionFile = new Option<string?>("--question-file") { Description = "Question file (default: BENCH/question.jsonl)" };
        var model = new Option<string>("--model") { Description = "Model name the endpoint serves", Required = true };
        var modelId = new Option<string?>("--model-id") { Description = "Name written as model_id and used for the answer file (default: --model)" };
        var baseUrl = EvalArguments.BaseUrl();
        var apiKey = EvalArguments.ApiKey();
        var begin = new Option<int?>("--question-begin") { Description = "First question index (Python slice start)" };
        var end = new Option<int?>("--question-end") { Description = "Question index to stop before (Python slice end)" };
        var choices = new Option<int>("--num-choices") { Description = "Conversations sampled per question", DefaultValueFactory = _ => 1 };
        var maxTokens = new Option<int>("--max-new-tokens") { Description = "Most tokens per reply", DefaultValueFactory = _ => 1024 };
        var temperature = new Option<float?>("--force-temperature") { Description = "One temperature for all questions (default: FastChat's per-category table)" };
        var template = new Option<string?>("--conv-template") { Description = "Conversation template for the system message (default: chosen from the model name; \"\" for none)" };
        var answerFile = new Option<string?>("--answer-file") { Description = "Output file (default: BENCH/model_answer/MODEL_ID.jsonl)" };
        var parallel = EvalArguments.Parallel();
        var attempts = EvalArguments.MaxAttempts();
        var command = new Command("answer", "Generate model answers to the bench questions (appends, resumes, then dedupes and sorts)")
        {
            bench, questionFile, model, modelId, baseUrl, apiKey, begin, end, choices, maxTokens, temperature, template, answerFile, parallel, attempts,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                var paths = new BenchPaths(parseResult.GetRequiredValue(bench));
                var questions = BenchData.LoadQuestions(parseResult.GetValue(questionFile) ?? paths.QuestionFile, parseResult.GetValue(begin), parseResult.GetValue(end));
                var endpoint = new OpenAiChatCompleter(parseResult.GetRequiredValue(model), new Uri(parseResult.GetRequiredValue(baseUrl)), EvalArguments.Key(parseResult, apiKey));
                var options = new AnswerGenerationOptions
                {
                    ModelId = parseResult.GetValue(modelId),
                    NumChoices = parseResult.GetValue(choices),
                    MaxNewTokens = parseResult.GetValue(maxTokens),
                    Parallel = parseResult.GetValue(parallel),
                    ForceTemperature = parseResult.GetValue(temperature),
                    ConversationTemplate = parseResult.GetValue(template),
                };
                var generator = new AnswerGenerator(endpoint, EvalArguments.Retry(context, parseResult.GetValue(attempts)), options);
                var output = parseResult.GetValue(answerFile) ?? paths.AnswerFile(generator.ModelId);
                context.Error.WriteLine($"answering {questions.Count} question(s) with {endpoint.Model} at {parseResult.GetValue(baseUrl)} -> {output}");
                var report = await generator.RunAsync(questions, output, new EvalProgressBar(context.Error, "answers"), cancellationToken);
                context.Output.WriteLine($"{report.Written} answered, {report.AlreadyAnswered} already answered, {report.Failures.Count} failed; {report.AnswersInFile} answers in {output}");
                return EvalReporting.Failures(context, report.Failures);
            }
            catch (Exception e) when (EvalArguments.IsInputError(e))
            {
                return context.Fail(e.Message);
            }
        });
        return command;
    }
}
