using System.Text.Json.Nodes;
using FastChat.Arena.Labeling;

namespace FastChat.Arena.Tests;

public sealed class ConversationLabelerTests : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), $"arena-label-{Guid.NewGuid():N}.jsonl");

    public void Dispose() => File.Delete(_output);

    internal static List<JsonObject> Conversations(int count) => Enumerable.Range(0, count).Select(i => new JsonObject
    {
        ["question_id"] = $"q{i}",
        ["tstamp"] = 1700000000 + i,
        ["model_a"] = "a",
        ["model_b"] = "b",
        ["winner"] = "model_a",
        ["conversation_a"] = new JsonArray(
            new JsonObject { ["role"] = "user", ["content"] = i % 3 == 0 ? $"What is {i} + {i}?" : $"Tell me a story, number {new string('x', i % 5)}" },
            new JsonObject { ["role"] = "assistant", ["content"] = "..." }),
    }).ToList();

    private List<JsonObject> ReadOutput() =>
        File.ReadAllLines(_output).Where(l => l.Length > 0).Select(l => (JsonObject)JsonNode.Parse(l)!).ToList();

    [Fact]
    public async Task CancelledRun_Resumes_AndEveryRecordIsLabelledExactlyOnce()
    {
        var input = Conversations(40);
        var classifier = new RuleClassifier { Delay = TimeSpan.FromMilliseconds(5) };
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress(p => { if (p.Done >= 13) cancel.Cancel(); });
        var labeler = new ConversationLabeler(_output);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => labeler.LabelConversationsAsync(input, classifier, 8, 3, progress, cancel.Token));
        var partial = ReadOutput().Count;
        Assert.InRange(partial, 13, 39);

        var summary = await new ConversationLabeler(_output).LabelConversationsAsync(input, classifier, 8, 3);
        Assert.Equal(partial, summary.AlreadyLabelled);
        Assert.Equal(40 - partial, summary.Labelled);
        var output = ReadOutput();
        Assert.Equal(input.Select(r => (string)r["question_id"]!).Order(), output.Select(r => (string)r["question_id"]!).Order());
        foreach (var record in output)
        {
            var prompt = (string)record["conversation_a"]![0]!["content"]!;
            Assert.Equal(prompt.Any(char.IsAsciiDigit), (bool)record["category_tag"]!["math_v0.1"]!["math"]!);
            Assert.Null(record[ConversationLabeler.ErrorsField]);
        }
        // Records finished before the cancel were not asked again; at most the in-flight ones (≤ workers) were asked twice.
        Assert.InRange(classifier.TotalCalls, 40, 40 + 3);
    }

    [Fact]
    public async Task FailingCalls_AreRetried_ThenMarked_NeverLost()
    {
        var input = Conversations(12);
        var classifier = new RuleClassifier
        {
            AlwaysFails = p => p.Contains("What is 3 ", StringComparison.Ordinal),
            FailsOnce = p => p.Contains("What is 6 ", StringComparison.Ordinal),
        };
        var labeler = new ConversationLabeler(_output, new LabelerOptions { MaxRetries = 2, RetryDelay = TimeSpan.Zero });
        var summary = await labeler.LabelConversationsAsync(input, classifier, 5, 2);
        Assert.Equal((12, 1, 3), (summary.Labelled, summary.Failed, summary.Retries)); // 2 retries for q3, 1 for q6
        var output = ReadOutput().ToDictionary(r => (string)r["question_id"]!);
        Assert.Equal(12, output.Count);
        Assert.Equal(3, classifier.CallsFor("What is 3 + 3?"));
        Assert.Contains("endpoint unavailable", (string)output["q3"][ConversationLabeler.ErrorsField]!["math_v0.1"]!);
        Assert.Null(output["q3"]["category_tag"]!["math_v0.1"]);
        Assert.True((bool)output["q6"]["category_tag"]!["math_v0.1"]!["math"]!);
        Assert.Null(output["q6"][ConversationLabeler.ErrorsField]);

        // A rerun has nothing left to do: marked records count as done.
        var again = await labeler.LabelConversationsAsync(input, classifier, 5, 2);
        Assert.Equal((12, 0), (again.AlreadyLabelled, again.Labelled));
    }

    [Fact]
    public async Task PartialLastLine_IsRemovedAndThatRecordRedone()
    {
        var input = Conversations(5);
        await new ConversationLabeler(_output).LabelConversationsAsync(input.Take(3), new RuleClassifier(), 2, 1);
        var text = File.ReadAllText(_output);
        File.WriteAllText(_output, text[..^20]); // a write cut short by a kill
        var summary = await new ConversationLabeler(_output).LabelConversationsAsync(input, new RuleClassifier(), 2, 2);
        Assert.Equal((2, 3), (summary.AlreadyLabelled, summary.Labelled));
        Assert.Equal(5, ReadOutput().Select(r => (string)r["question_id"]!).Distinct().Count());
        Assert.Equal(5, ReadOutput().Count);
    }

    [Fact]
    public async Task TagsAlreadyPresent_AreNotAskedAgain_AndDuplicateIdsAreRejected()
    {
        var input = Conversations(2);
        input[0]["category_tag"] = new JsonObject { ["math_v0.1"] = new JsonObject { ["math"] = false } };
        var classifier = new RuleClassifier();
        await new ConversationLabeler(_output).LabelConversationsAsync(input, classifier, 10, 1);
        Assert.Equal(1, classifier.TotalCalls);
        Assert.False((bool)ReadOutput()[0]["category_tag"]!["math_v0.1"]!["math"]!);

        var duplicated = Conversations(2);
        duplicated[1]["question_id"] = "q0";
        duplicated[1]["tstamp"] = 1700000000;
        await Assert.ThrowsAsync<ArenaException>(() => new ConversationLabeler(_output + ".dup").LabelConversationsAsync(duplicated, classifier, 10, 1));
    }

    /// <summary>IProgress that reports on the calling thread (Progress&lt;T&gt; posts to the thread pool, too late to stop a run).</summary>
    internal sealed class SynchronousProgress(Action<LabelProgress> report) : IProgress<LabelProgress>
    {
        public void Report(LabelProgress value) => report(value);
    }
}
