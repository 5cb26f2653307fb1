using FastChat.Conversation;
using FastChat.Evaluation.Answers;
using FastChat.Evaluation.Data;
using FastChat.Evaluation.Endpoints;

namespace FastChat.Evaluation.Judging;

/// <summary>What a judging run did.</summary>
public sealed record JudgmentRunReport(int Requested, int AlreadyJudged, int Written, IReadOnlyList<RunFailure> Failures);

/// <summary>
/// Plays matches against a judge model (temperature 0, 2048 tokens, as FastChat) and appends FastChat-format
/// judgments to a file as each finishes. Pairwise matches are played in both orders. Matches already in the file
/// are skipped; a match whose judge calls fail after the retries is reported and left for the next run.
/// </summary>
public sealed class JudgmentRunner(IChatCompleter judge, RetryPolicy retry, int parallel = 1, int maxTokens = 2048)
{
    /// <summary>Judges <paramref name="matches"/> into <paramref name="outputFile"/>.</summary>
    public async Task<JudgmentRunReport> RunAsync(IReadOnlyList<JudgeMatch> matches, string outputFile,
                                                  IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallel, 1);
        var done = ExistingKeys(outputFile, matches.Any(m => m is PairMatch));
        var todo = matches.Where(m => !done.Contains(m.Key)).ToList();
        var failures = new List<RunFailure>();
        int finished = 0, written = 0;
        progress?.Report(new RunProgress(0, todo.Count, 0));
        using (var appender = new JsonLinesAppender(outputFile))
        {
            await Parallel.ForEachAsync(todo, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken },
                async (match, ct) =>
                {
                    try
                    {
                        if (match is SingleMatch single) appender.Append(await JudgeAsync(single, ct).ConfigureAwait(false));
                        else appender.Append(await JudgeAsync((PairMatch)match, ct).ConfigureAwait(false));
                        Interlocked.Increment(ref written);
                    }
                    catch (RetryExhaustedException e)
                    {
                        lock (failures) failures.Add(new RunFailure(Describe(match), e.Attempts, RetryExhaustedException.Describe(e.InnerException!)));
                    }
                    int failed;
                    lock (failures) failed = failures.Count;
                    progress?.Report(new RunProgress(Interlocked.Increment(ref finished), todo.Count, failed));
                }).ConfigureAwait(false);
        }
        return new JudgmentRunReport(matches.Count, matches.Count - todo.Count, written, [.. failures.OrderBy(f => f.Item, StringComparer.Ordinal)]);
    }

    /// <summary>Grades one answer (play_a_match_single).</summary>
    public async Task<SingleJudgment> JudgeAsync(SingleMatch match, CancellationToken cancellationToken)
    {
        var userPrompt = match.UserPrompt();
        var judgment = await CompleteAsync(match.Judge, userPrompt, cancellationToken).ConfigureAwait(false);
        if (match.Judge.Prompt.OutputFormat != JudgmentParser.RatingFormat)
            throw new InvalidOperationException($"invalid output format for single grading: {match.Judge.Prompt.OutputFormat}");
        return new SingleJudgment(match.Question.QuestionId, match.Model, match.Judge.Id, userPrompt, judgment,
                                  JudgmentParser.ParseRating(judgment), match.Judge.Turn, Now());
    }

    /// <summary>Compares two answers in both orders (play_a_match_pair); winners mapped back to model_1 / model_2.</summary>
    public async Task<PairwiseJudgment> JudgeAsync(PairMatch match, CancellationToken cancellationToken)
    {
        var prompt1 = match.UserPrompt(match.Answer1, match.Answer2);
        var prompt2 = match.UserPrompt(match.Answer2, match.Answer1);
        var judgment1 = await CompleteAsync(match.Judge, prompt1, cancellationToken).ConfigureAwait(false);
        var judgment2 = await CompleteAsync(match.Judge, prompt2, cancellationToken).ConfigureAwait(false);
        var format = match.Judge.Prompt.OutputFormat;
        var winner1 = JudgmentParser.ParseWinner(judgment1, format) switch { "A" => PairwiseJudgment.Model1Wins, "B" => PairwiseJudgment.Model2Wins, var w => w };
        var winner2 = JudgmentParser.ParseWinner(judgment2, format) switch { "A" => PairwiseJudgment.Model2Wins, "B" => PairwiseJudgment.Model1Wins, var w => w };
        return new PairwiseJudgment(match.Question.QuestionId, match.Model1, match.Model2, winner1, winner2, match.Judge.Id,
                                    prompt1, judgment1, prompt2, judgment2, match.Judge.Turn, Now());
    }

    private Task<string> CompleteAsync(JudgeSpec spec, string userPrompt, CancellationToken cancellationToken)
    {
        List<ChatMessage> messages = spec.Prompt.SystemPrompt.Length > 0
            ? [ChatMessage.System(spec.Prompt.SystemPrompt), ChatMessage.User(userPrompt)]
            : [ChatMessage.User(userPrompt)];
        return retry.ExecuteAsync(ct => judge.CompleteAsync(messages, 0f, maxTokens, ct), cancellationToken);
    }

    private static HashSet<string> ExistingKeys(string path, bool pairwise)
    {
        if (!File.Exists(path)) return [];
        return pairwise
            ? [.. JsonLines.Read<PairwiseJudgment>(path).Select(j => JudgeMatch.KeyOf(j.QuestionId, j.Model1 + '\u001f' + j.Model2, j.Judge, j.Turn))]
            : [.. JsonLines.Read<SingleJudgment>(path).Select(j => JudgeMatch.KeyOf(j.QuestionId, j.Model, j.Judge, j.Turn))];
    }

    private static string Describe(JudgeMatch match) => match switch
    {
        SingleMatch s => $"question {s.Question.QuestionId} turn {s.Judge.Turn} model {s.Model}",
        PairMatch p => $"question {p.Question.QuestionId} turn {p.Judge.Turn} {p.Model1} vs {p.Model2}",
        _ => match.Key,
    };

    private static double Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
}
