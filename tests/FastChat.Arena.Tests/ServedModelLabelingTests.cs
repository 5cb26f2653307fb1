using System.Text.Json.Nodes;
using FastChat.Arena.Labeling;
using FastChat.Engine.Scheduling;
using FastChat.Serving.Hosting;
using FastChat.Tests;
using Microsoft.Extensions.Logging;

namespace FastChat.Arena.Tests;

/// <summary>
/// The acceptance test of the labelling pipeline: a real model (stories260K) served by our OpenAI-compatible server on
/// 127.0.0.1, labelled through the OpenAI SDK, the run killed midway (cancelled) and resumed. The tiny story model
/// never answers in the expected format, so every answer is parsed as FastChat would (no verdict: false), and the
/// instruction-following prompt does not fit its context, so that category is refused and marked on every record.
/// </summary>
public sealed class ServedModelLabelingTests : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), $"arena-served-{Guid.NewGuid():N}.jsonl");

    public void Dispose() => File.Delete(_output);

    [Fact]
    public async Task LabelsAgainstServedModel_KilledMidway_ResumesWithEveryRecordOnce()
    {
        await using var model = ServedModel.Load(SharedData.Model("stories260K.gguf"), "stories260K",
            schedulerOptions: new SchedulerOptions { Threads = 2, MaxRunningSequences = 8, MaxQueuedRequests = 64 });
        await using var app = ServingApplications.CreateModelServer(["http://127.0.0.1:0"], model.Service, "stories260K",
            logging: logging => logging.ClearProviders());
        await app.StartAsync();
        try
        {
            var classifier = LlmCategoryClassifier.Create(new Uri(app.BoundAddress() + "/v1"), "stories260K", apiKey: null,
                [BuiltInCategories.Math, BuiltInCategories.InstructionFollowing], maxTokens: 12);
            var input = ConversationLabelerTests.Conversations(16);
            var options = new LabelerOptions { MaxRetries = 1, RetryDelay = TimeSpan.FromMilliseconds(50) };

            using var kill = new CancellationTokenSource();
            var progress = new ConversationLabelerTests.SynchronousProgress(p => { if (p.Done >= 5) kill.Cancel(); });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                new ConversationLabeler(_output, options).LabelConversationsAsync(input, classifier, 4, 2, progress, kill.Token));
            var firstRun = File.ReadAllLines(_output).Length;
            Assert.InRange(firstRun, 5, 15);

            var summary = await new ConversationLabeler(_output, options).LabelConversationsAsync(input, classifier, 4, 2);
            // if_v0.1's system prompt alone is longer than stories260K's 2048-token context: the server refuses it (HTTP 400),
            // so every record carries that failure, retried then marked; math_v0.1 fits and is labelled.
            Assert.Equal((firstRun, 16 - firstRun, 16 - firstRun), (summary.AlreadyLabelled, summary.Labelled, summary.Failed));
            Assert.True(summary.Unparsed > 0);

            var output = File.ReadAllLines(_output).Select(l => (JsonObject)JsonNode.Parse(l)!).ToList();
            Assert.Equal(16, output.Count);
            Assert.Equal(input.Select(r => (string)r["question_id"]!).Order(), output.Select(r => (string)r["question_id"]!).Order());
            foreach (var record in output)
            {
                var tags = record["category_tag"]!.AsObject();
                Assert.NotNull(tags["math_v0.1"]!["math"]);
                Assert.Null(tags["if_v0.1"]);
                Assert.Contains("context_length_exceeded", (string)record[ConversationLabeler.ErrorsField]!["if_v0.1"]!);
            }
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task UnreachableEndpoint_RecordsAreMarkedAfterRetries()
    {
        // Port 9 (discard) on loopback refuses connections: every call fails, every record is still written, marked.
        var classifier = LlmCategoryClassifier.Create(new Uri("http://127.0.0.1:9/v1"), "none", null, [BuiltInCategories.Math], timeout: TimeSpan.FromSeconds(5));
        var summary = await new ConversationLabeler(_output, new LabelerOptions { MaxRetries = 1, RetryDelay = TimeSpan.Zero })
            .LabelConversationsAsync(ConversationLabelerTests.Conversations(3), classifier, 2, 2);
        Assert.Equal((3, 3, 3), (summary.Labelled, summary.Failed, summary.Retries));
        Assert.All(File.ReadAllLines(_output), line => Assert.Contains(ConversationLabeler.ErrorsField, line));
    }
}
