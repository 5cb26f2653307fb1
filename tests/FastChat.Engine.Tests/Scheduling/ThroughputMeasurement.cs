using System.Diagnostics;
using FastChat.Engine.Models;
using FastChat.Engine.Scheduling;
using FastChat.Engine.Tests.Models;
using Xunit.Abstractions;
using static FastChat.Engine.Tests.Scheduling.SchedulerTestKit;

namespace FastChat.Engine.Tests.Scheduling;

/// <summary>
/// A quick, BenchmarkDotNet-free measurement of aggregate decode throughput at 1 and 8 concurrent streams; it
/// reports numbers and asserts nothing about time. Larger runs: FASTCHAT_SCHED_BENCH_TOKENS (default 64),
/// FASTCHAT_SCHED_BENCH_THREADS (default 1). See the output with --logger "console;verbosity=detailed".
/// </summary>
public sealed class ThroughputMeasurement(ITestOutputHelper output) : IDisposable
{
    private readonly LlamaModel _model = LlamaModel.Load(ModelFiles.Stories260K);

    [Fact]
    public async Task AggregateTokensPerSecondAtOneAndEightStreams()
    {
        var tokens = EnvironmentInt("FASTCHAT_SCHED_BENCH_TOKENS", 64);
        var threads = EnvironmentInt("FASTCHAT_SCHED_BENCH_THREADS", 1);
        await Measure(1, tokens, threads); // warm-up: JIT, buffers
        foreach (var streams in new[] { 1, 8 })
        {
            var (elapsed, generated, steps) = await Measure(streams, tokens, threads);
            output.WriteLine($"{streams} stream(s) x {tokens} tokens, {threads} thread(s): {generated / elapsed.TotalSeconds:F0} tokens/s aggregate, " +
                             $"{steps} steps, {elapsed.TotalMilliseconds:F0} ms");
            Assert.Equal(streams * tokens, generated);
        }
    }

    private async Task<(TimeSpan Elapsed, long Generated, long Steps)> Measure(int streams, int tokens, int threads)
    {
        await using var scheduler = new ContinuousBatchingScheduler(_model, new SchedulerOptions { Threads = threads, PrefixCacheBytes = 0 });
        var prompts = SixteenPrompts().Take(streams).Select(p => _model.Tokenizer.Encode(p)).ToArray();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(prompts.Select(p => CollectAsync(scheduler.GenerateAsync(p, Greedy(tokens, ignoreEos: true)))));
        clock.Stop();
        var counters = scheduler.Counters;
        return (clock.Elapsed, counters.GeneratedTokens, counters.Steps);
    }

    private static int EnvironmentInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : fallback;

    public void Dispose() => _model.Dispose();
}
