using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FastChat.Arena.Labeling;

/// <summary>
/// Labels conversations with categories and appends each finished record to a JSON-lines file, so an interrupted
/// run resumes where it stopped: records already in the file are skipped, each record is written once. Work goes in
/// batches; within a batch up to <c>workers</c> records are labelled at once. A failed call is retried; a category
/// that still fails is stored as null and named under "label_errors" with the error, never dropped.
/// </summary>
public sealed class ConversationLabeler
{
    /// <summary>Field holding, per category tag, the error of a call that failed after every retry.</summary>
    public const string ErrorsField = "label_errors";

    private readonly string _outputPath;
    private readonly LabelerOptions _options;
    private readonly ILogger _logger;

    /// <summary>Labels into <paramref name="outputPath"/> (created or appended to).</summary>
    public ConversationLabeler(string outputPath, LabelerOptions? options = null, ILogger? logger = null)
    {
        _outputPath = outputPath;
        _options = options ?? new LabelerOptions();
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Labels every conversation not yet in the output with every tag of <paramref name="classifier"/> it lacks.
    /// Cancelling stops the run after the records in flight are abandoned (not written); finished ones stay written.
    /// </summary>
    /// <exception cref="ArenaException">Two input records share an id, or the existing output is corrupt.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public async Task<LabelRunSummary> LabelConversationsAsync(IEnumerable<JsonObject> conversations, ICategoryClassifier classifier,
        int batchSize, int workers, IProgress<LabelProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        var clock = Stopwatch.StartNew();
        var labelled = LabelOutputFile.ReadLabelledUids(_outputPath, out var repaired);
        if (repaired) _logger.LogWarning("Removed a partial last line from {Path} (interrupted write); that record is labelled again", _outputPath);
        var pending = Pending(conversations, labelled, out var alreadyLabelled);
        _logger.LogInformation("{Pending} records to label ({Done} already in {Path}), tags {Tags}",
            pending.Count, alreadyLabelled, _outputPath, string.Join(", ", classifier.Tags));

        var state = new RunState();
        var writeLock = new SemaphoreSlim(1, 1);
        await using var stream = new FileStream(_outputPath, FileMode.Append, FileAccess.Write, FileShare.Read);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false));
        var batches = pending.Chunk(batchSize).ToList();
        for (var b = 0; b < batches.Count; b++)
        {
            var batchClock = Stopwatch.StartNew();
            int failedBefore = state.Failed, unparsedBefore = state.Unparsed, retriesBefore = state.Retries;
            await Parallel.ForEachAsync(batches[b], new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken },
                async (record, token) =>
                {
                    var line = await LabelOneAsync(record, classifier, state, token).ConfigureAwait(false);
                    // Written whole even if cancellation arrives now: a record is either fully in the file or not at all.
                    await writeLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                    try
                    {
                        await writer.WriteAsync(line.ToJsonString() + "\n").ConfigureAwait(false);
                        await writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                        state.Done++;
                        progress?.Report(new LabelProgress(state.Done, pending.Count, state.Failed, state.Unparsed, clock.Elapsed));
                    }
                    finally
                    {
                        writeLock.Release();
                    }
                }).ConfigureAwait(false);
            _logger.LogInformation("batch {Batch}/{Batches}: {Count} records in {Seconds:F2} s ({Rate:F1}/s), {Failed} failed, {Unparsed} unparsed, {Retries} retries",
                b + 1, batches.Count, batches[b].Length, batchClock.Elapsed.TotalSeconds, batches[b].Length / Math.Max(batchClock.Elapsed.TotalSeconds, 1e-9),
                state.Failed - failedBefore, state.Unparsed - unparsedBefore, state.Retries - retriesBefore);
        }
        return new LabelRunSummary(alreadyLabelled, state.Done, state.Failed, state.Unparsed, state.Retries, clock.Elapsed);
    }

    private static List<JsonObject> Pending(IEnumerable<JsonObject> conversations, HashSet<string> labelled, out int alreadyLabelled)
    {
        var seen = new HashSet<string>();
        var pending = new List<JsonObject>();
        alreadyLabelled = 0;
        foreach (var record in conversations)
        {
            var uid = LabelRecords.Uid(record);
            if (!seen.Add(uid)) throw new ArenaException($"two input records have the id '{uid}' (question_id + tstamp must be unique)");
            if (labelled.Contains(uid)) alreadyLabelled++;
            else pending.Add(record);
        }
        return pending;
    }

    private async Task<JsonObject> LabelOneAsync(JsonObject source, ICategoryClassifier classifier, RunState state, CancellationToken cancellationToken)
    {
        var record = (JsonObject)source.DeepClone();
        var tags = record["category_tag"] as JsonObject ?? new JsonObject();
        record.Remove("category_tag");
        var errors = new JsonObject();
        var prompt = LabelRecords.Prompt(record);
        foreach (var tag in classifier.Tags)
        {
            if (tags.ContainsKey(tag)) continue; // labelled before (FastChat's cache): never asked twice
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    var label = await classifier.ClassifyAsync(tag, prompt, cancellationToken).ConfigureAwait(false);
                    tags[tag] = label.Value;
                    if (!label.Parsed) Interlocked.Increment(ref state.Unparsed);
                    break;
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    if (attempt >= _options.MaxRetries)
                    {
                        tags[tag] = null;
                        errors[tag] = $"{e.GetType().Name}: {e.Message}";
                        _logger.LogWarning("{Uid}: {Tag} failed after {Attempts} attempts: {Error}", LabelRecords.Uid(record), tag, attempt + 1, e.Message);
                        break;
                    }
                    Interlocked.Increment(ref state.Retries);
                    await Task.Delay(_options.RetryDelay, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        record["category_tag"] = tags;
        record.Remove(ErrorsField);
        if (errors.Count > 0)
        {
            record[ErrorsField] = errors;
            Interlocked.Increment(ref state.Failed);
        }
        return record;
    }

    private sealed class RunState
    {
        public int Done;
        public int Failed;
        public int Unparsed;
        public int Retries;
    }
}
