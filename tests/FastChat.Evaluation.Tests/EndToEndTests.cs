using System.Net;
using System.Net.Sockets;
using FastChat.Engine.Scheduling;
using FastChat.Evaluation.Answers;
using FastChat.Evaluation.Data;
using FastChat.Evaluation.Endpoints;
using FastChat.Evaluation.Export;
using FastChat.Evaluation.Judging;
using FastChat.Evaluation.Results;
using FastChat.Serving;
using FastChat.Serving.Hosting;
using FastChat.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace FastChat.Evaluation.Tests;

/// <summary>
/// The whole pipeline against a real model: stories260K served by our OpenAI-compatible server on 127.0.0.1 answers
/// two MT-bench questions (a general and a reference-judged one, both turns) under two model ids, then judges them
/// (single and pairwise), and the results are shown and exported. A 260K-parameter story model never writes
/// "[[rating]]" or "[[A]]", so every verdict is parsed as FastChat parses such output: score -1, winner "error".
/// </summary>
public sealed class EndToEndTests : IAsyncLifetime
{
    private const string ModelName = "stories260K";
    private const string Template = "vicuna_v1.1"; // no few-shot preamble: the judge prompts fit the 2048-token context
    private ServedModel _model = null!;
    private WebApplication _app = null!;
    private Uri _baseUrl = null!;

    public async Task InitializeAsync()
    {
        _model = ServedModel.Load(SharedData.Model("stories260K.gguf"), ModelName,
                                  schedulerOptions: new SchedulerOptions { Threads = 2, MaxRunningSequences = 8, MaxQueuedRequests = 64 });
        _app = ServingApplications.CreateModelServer(["http://127.0.0.1:0"], _model.Service, ModelName, new ServingOptions(), Template,
                                                     logging: l => l.ClearProviders());
        await _app.StartAsync();
        _baseUrl = new Uri(_app.BoundAddress() + "/v1");
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _model.DisposeAsync();
    }

    [Fact]
    public async Task AnswerJudgeShowExport_AgainstAServedModel()
    {
        using var dir = new TempDirectory();
        var bench = new BenchPaths(dir.Path);
        var all = BenchData.LoadQuestions(EvalData.Path("mt_bench", "question.jsonl"));
        var references = BenchData.LoadAnswerFile(EvalData.Path("mt_bench", "reference_answer", "gpt-4.jsonl"));
        Question Shortest(IEnumerable<Question> questions) => questions.MinBy(q => q.Turns.Sum(t => t.Length)
            + (references.TryGetValue(q.QuestionId, out var r) ? r.FirstTurns.Sum(t => t.Length) : 0))!;
        List<Question> questions = [Shortest(all.Where(q => !CategoryDefaults.NeedsReference(q.Category))),
                                    Shortest(all.Where(q => CategoryDefaults.NeedsReference(q.Category)))];
        var model = new OpenAiChatCompleter(ModelName, _baseUrl);
        var retry = new RetryPolicy { MaxAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(10) };

        // Answers: two model ids from the same served model; progress is reported up to the total.
        var progress = new List<RunProgress>();
        foreach (var id in new[] { "story-a", "story-b" })
        {
            var generator = new AnswerGenerator(model, retry, new AnswerGenerationOptions { ModelId = id, MaxNewTokens = 12, Parallel = 2, ConversationTemplate = Template });
            var report = await generator.RunAsync(questions, bench.AnswerFile(id), new SyncProgress(progress));
            Assert.Empty(report.Failures);
            Assert.Equal((2, 2), (report.Written, report.AnswersInFile));
        }
        Assert.Equal(new RunProgress(2, 2, 0), progress[^1]);
        var answers = BenchData.LoadModelAnswers(bench.AnswerDirectory);
        Assert.All(answers["story-a"].Values, a => Assert.Equal(2, a.FirstTurns.Count));
        Assert.Contains(answers["story-a"].Values.SelectMany(a => a.FirstTurns), t => t.Length > 0);

        // Resume: a rerun finds everything answered and sends nothing.
        var rerun = await new AnswerGenerator(model, retry, new AnswerGenerationOptions { ModelId = "story-a", MaxNewTokens = 12 })
            .RunAsync(questions, bench.AnswerFile("story-a"));
        Assert.Equal((2, 0), (rerun.AlreadyAnswered, rerun.Written));

        var prompts = BenchData.LoadJudgePrompts(EvalData.JudgePrompts);
        var refs = questions.Where(q => references.ContainsKey(q.QuestionId)).ToDictionary(q => q.QuestionId, q => references[q.QuestionId]);
        var runner = new JudgmentRunner(model, retry, parallel: 2, maxTokens: 12);

        // Single grading: 2 questions x 2 turns, one model.
        var single = MatchPlanner.Plan(JudgeMode.Single, questions, ["story-a"], answers, refs, JudgeSet.Create(ModelName, prompts, false));
        var singleReport = await runner.RunAsync(single, bench.JudgmentFile(ModelName, pairwise: false));
        Assert.Empty(singleReport.Failures);
        Assert.Equal(4, singleReport.Written);
        var singleJudgments = JsonLines.Read<SingleJudgment>(bench.JudgmentFile(ModelName, false));
        Assert.Equal(4, singleJudgments.Count);
        Assert.All(singleJudgments, j => Assert.Equal(JudgmentParser.ParseRating(j.Judgment), j.Score));
        Assert.All(singleJudgments, j => Assert.Contains(questions.Single(q => q.QuestionId == j.QuestionId).Turns[0], j.UserPrompt));
        Assert.Equal([1, 2], singleJudgments.Select(j => j.Turn).Distinct().Order());
        var shown = SingleScoreSummary.Compute(singleJudgments);
        Assert.Equal(singleJudgments.Count(j => j.Score != -1), shown.Average.Sum(s => s.Count));

        // Pairwise against a baseline, both orders: 2 questions x 2 turns.
        var pairs = MatchPlanner.Plan(JudgeMode.PairwiseBaseline, questions, ["story-a", "story-b"], answers, refs, JudgeSet.Create(ModelName, prompts, true), "story-b");
        var pairReport = await runner.RunAsync(pairs, bench.JudgmentFile(ModelName, pairwise: true));
        Assert.Empty(pairReport.Failures);
        var pairJudgments = JsonLines.Read<PairwiseJudgment>(bench.JudgmentFile(ModelName, true));
        Assert.Equal(4, pairJudgments.Count);
        Assert.All(pairJudgments, j => Assert.Equal(ModelName, j.Judge.Model));
        Assert.All(pairJudgments, j => Assert.Equal(j.Turn == 2, j.Judge.PromptName.EndsWith("-multi-turn", StringComparison.Ordinal)));
        Assert.All(pairJudgments, j => Assert.Equal(("story-a", "story-b"), (j.Model1, j.Model2)));
        var summary = PairwiseSummary.Compute(pairJudgments, baseline: "story-b");
        var counted = pairJudgments.Count(j => j.Game1Winner != "error" && j.Game2Winner != "error");
        Assert.Equal(counted, summary.Overall.Sum(r => r.Total));

        var (rows, exportReport) = PairwiseExporter.Build(questions, answers, pairJudgments, refs);
        Assert.Equal(4, exportReport.Judgments);
        Assert.Equal(pairJudgments.Count(j => j.IsConsistent && j.Game1Winner != "error"), exportReport.Rows);
        Assert.Equal(exportReport.Rows, rows.Count);

        // Judging again resumes: nothing left to do.
        var again = await runner.RunAsync(pairs, bench.JudgmentFile(ModelName, pairwise: true));
        Assert.Equal((4, 0), (again.AlreadyJudged, again.Written));
    }

    [Fact]
    public async Task UnreachableEndpoint_IsRetriedThenReported_AndNothingIsWritten()
    {
        using var dir = new TempDirectory();
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now: connections are refused
        var retries = new List<int>();
        var retry = new RetryPolicy { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(1), OnRetry = (attempt, _, _) => { lock (retries) retries.Add(attempt); } };
        var model = new OpenAiChatCompleter(ModelName, new Uri($"http://127.0.0.1:{port}/v1"));
        var questions = BenchData.LoadQuestions(EvalData.Path("mt_bench", "question.jsonl"), 0, 2);
        var report = await new AnswerGenerator(model, retry, new AnswerGenerationOptions { Parallel = 2, ConversationTemplate = "" })
            .RunAsync(questions, dir.File("answers.jsonl"));
        Assert.Equal(2, report.Failures.Count);
        Assert.All(report.Failures, f => Assert.Equal(3, f.Attempts));
        Assert.Equal(["question 81", "question 82"], report.Failures.Select(f => f.Item));
        Assert.Equal([1, 1, 2, 2], retries.Order());
        Assert.Equal(0, report.AnswersInFile);
    }

    [Fact]
    public async Task UnknownModel_FailsAtOnceWithTheServersStatus()
    {
        using var dir = new TempDirectory();
        var model = new OpenAiChatCompleter("no-such-model", _baseUrl);
        var questions = BenchData.LoadQuestions(EvalData.Path("mt_bench", "question.jsonl"), 0, 1);
        var report = await new AnswerGenerator(model, new RetryPolicy { BaseDelay = TimeSpan.FromMilliseconds(1) }, new AnswerGenerationOptions { ConversationTemplate = "" })
            .RunAsync(questions, dir.File("answers.jsonl"));
        var failure = Assert.Single(report.Failures);
        Assert.Equal(1, failure.Attempts);
        Assert.StartsWith("HTTP 4", failure.Error);
    }

    /// <summary>Records progress synchronously (Progress&lt;T&gt; posts to the thread pool, so its last report could arrive late).</summary>
    private sealed class SyncProgress(List<RunProgress> sink) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) { lock (sink) sink.Add(value); }
    }
}
