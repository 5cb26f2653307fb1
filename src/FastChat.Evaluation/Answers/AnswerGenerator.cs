using FastChat.Conversation;
using FastChat.Evaluation.Data;
using FastChat.Evaluation.Endpoints;

namespace FastChat.Evaluation.Answers;

/// <summary>How far a run is: questions finished (written or failed) out of those it had to do.</summary>
public readonly record struct RunProgress(int Done, int Total, int Failed);

/// <summary>A question or match that failed after its retries; it is reported and left for the next run.</summary>
public sealed record RunFailure(string Item, int Attempts, string Error);

/// <summary>What an answer-generation run did.</summary>
public sealed record AnswerGenerationReport(int Requested, int AlreadyAnswered, int Written, IReadOnlyList<RunFailure> Failures, int AnswersInFile);

/// <summary>
/// FastChat's gen_api_answer: every question's turns sent one by one as a growing conversation to an
/// OpenAI-compatible endpoint (the server applies the model's prompt template), at FastChat's per-category
/// temperature. Answers are appended as they finish, so a rerun resumes; at the end the file is deduplicated and
/// sorted. Failed questions are retried with backoff, then reported and left out (a rerun tries them again).
/// </summary>
public sealed class AnswerGenerator(IChatCompleter model, RetryPolicy retry, AnswerGenerationOptions options)
{
    /// <summary>The model_id written in each answer.</summary>
    public string ModelId => options.ModelId ?? model.Model;

    /// <summary>Answers <paramref name="questions"/> into <paramref name="answerFile"/>, skipping those already answered there.</summary>
    public async Task<AnswerGenerationReport> RunAsync(IReadOnlyList<Question> questions, string answerFile,
                                                       IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.NumChoices, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Parallel, 1);
        var answered = AnswerFile.AnsweredQuestions(answerFile, options.NumChoices);
        var todo = questions.Where(q => !answered.Contains(q.QuestionId)).ToList();
        var template = ResolveTemplate();
        var failures = new List<RunFailure>();
        int done = 0, written = 0;
        progress?.Report(new RunProgress(0, todo.Count, 0));

        using (var appender = new JsonLinesAppender(answerFile))
        {
            await Parallel.ForEachAsync(todo, new ParallelOptions { MaxDegreeOfParallelism = options.Parallel, CancellationToken = cancellationToken },
                async (question, ct) =>
                {
                    try
                    {
                        var answer = await AnswerAsync(question, template, ct).ConfigureAwait(false);
                        appender.Append(answer);
                        Interlocked.Increment(ref written);
                    }
                    catch (RetryExhaustedException e)
                    {
                        lock (failures) failures.Add(new RunFailure($"question {question.QuestionId}", e.Attempts, RetryExhaustedException.Describe(e.InnerException!)));
                    }
                    var finished = Interlocked.Increment(ref done);
                    int failed;
                    lock (failures) failed = failures.Count;
                    progress?.Report(new RunProgress(finished, todo.Count, failed));
                }).ConfigureAwait(false);
        }

        var inFile = AnswerFile.Reorganize(answerFile);
        return new AnswerGenerationReport(questions.Count, questions.Count - todo.Count, written,
                                          [.. failures.OrderBy(f => f.Item, StringComparer.Ordinal)], inFile);
    }

    /// <summary>All choices of one question; each choice is a fresh conversation through every turn.</summary>
    public async Task<ModelAnswer> AnswerAsync(Question question, ConversationTemplate? template, CancellationToken cancellationToken)
    {
        var temperature = options.ForceTemperature ?? CategoryDefaults.Temperature(question.Category);
        var choices = new List<AnswerChoice>(options.NumChoices);
        for (var index = 0; index < options.NumChoices; index++)
        {
            var history = new List<ChatMessage>();
            var conversation = template?.CreateConversation();
            var turns = new List<string>(question.Turns.Count);
            foreach (var userTurn in question.Turns)
            {
                IReadOnlyList<ChatMessage> messages;
                if (conversation is not null)
                {
                    conversation.AppendMessage(conversation.Template.UserRole, userTurn);
                    conversation.AppendMessage(conversation.Template.AssistantRole, null);
                    messages = conversation.ToOpenAiMessages();
                }
                else
                {
                    history.Add(ChatMessage.User(userTurn));
                    messages = history;
                }
                var output = await retry.ExecuteAsync(ct => model.CompleteAsync(messages, temperature, options.MaxNewTokens, ct), cancellationToken)
                                        .ConfigureAwait(false);
                if (conversation is not null) conversation.UpdateLastMessage(output);
                else history.Add(ChatMessage.Assistant(output));
                turns.Add(output);
            }
            choices.Add(new AnswerChoice(index, turns));
        }
        return new ModelAnswer(question.QuestionId, ShortId.New(), ModelId, choices, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0);
    }

    /// <summary>The conversation template in use: named, none (""), or FastChat's choice for the model name.</summary>
    public ConversationTemplate? ResolveTemplate() => options.ConversationTemplate switch
    {
        "" => null,
        { } name => ConversationTemplates.Get(name),
        null => ConversationTemplates.Get(ModelAdapters.MatchTemplate(model.Model)),
    };
}
