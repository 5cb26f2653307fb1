using System.Globalization;
using System.Text.Json;
using FastChat.Tests;

namespace FastChat.Cli.Tests;

/// <summary>`fastchat generate`, `perplexity` and `bench` on the real stories260K model.</summary>
public sealed class GenerateCommandTests
{
    private static readonly string Model = SharedData.Model("stories260K.gguf");

    [Fact]
    public void GreedyJsonMatchesTheReferenceDecoding()
    {
        var (exit, output, error) = CliRunner.Run("generate", "-m", Model, "-p", "Once upon a time", "-n", "16", "--temp", "0",
                                                  "--top-logprobs", "2", "--json", "-t", "1");
        Assert.True(exit == 0, error);
        var json = JsonDocument.Parse(output).RootElement;
        using var golden = JsonDocument.Parse(File.ReadAllBytes(SharedData.Path("golden", "stories260K.greedy64.json")));
        var expected = golden.RootElement.GetProperty("steps").EnumerateArray().Take(16).Select(s => s.GetProperty("token").GetInt32());
        Assert.Equal(expected, json.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([1, 403, 407, 261, 378], json.GetProperty("prompt_ids").EnumerateArray().Select(e => e.GetInt32()));
        Assert.StartsWith(", there was a little girl", json.GetProperty("text").GetString());
        Assert.Equal("length", json.GetProperty("finish_reason").GetString());
        var step = json.GetProperty("steps")[0];
        Assert.Equal(2, step.GetProperty("top_logprobs").GetArrayLength());
    }

    [Fact]
    public void StreamsPlainTextAndReportsSpeed()
    {
        var (exit, output, error) = CliRunner.Run("generate", "-m", Model, "-p", "Once upon a time", "-n", "8", "--seed", "3", "-t", "1");
        Assert.True(exit == 0, error);
        Assert.False(string.IsNullOrWhiteSpace(output));
        Assert.Contains("decode", error);
    }

    [Fact]
    public void PromptLongerThanTheContextIsAClearError()
    {
        var (exit, _, error) = CliRunner.Run("generate", "-m", Model, "-p", string.Join(' ', Enumerable.Repeat("story", 40)), "-c", "16");
        Assert.Equal(2, exit);
        Assert.Contains("context holds 16", error);
    }

    [Fact]
    public void CorruptModelIsAClearError()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, File.ReadAllBytes(Model)[..5000]);
            var (exit, _, error) = CliRunner.Run("generate", "-m", path, "-p", "Hi");
            Assert.Equal(2, exit);
            Assert.StartsWith("error:", error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void PerplexityOfTheModelsOwnKindOfTextIsLow()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, string.Concat(Enumerable.Repeat(
                "Once upon a time, there was a little girl named Lily. She loved to play outside in the park. ", 6)));
            var (exit, output, error) = CliRunner.Run("perplexity", "-m", Model, "-f", path, "--chunk", "64", "--json", "-t", "1");
            Assert.True(exit == 0, error);
            var json = JsonDocument.Parse(output).RootElement;
            Assert.InRange(json.GetProperty("perplexity").GetDouble(), 1.0, 10.0);
            Assert.True(json.GetProperty("chunks").GetInt32() >= 2);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void BenchReportsBothTestsAsJson()
    {
        var (exit, output, error) = CliRunner.Run("bench", "-m", Model, "-p", "32", "-n", "16", "-r", "2", "-t", "1", "-o", "json");
        Assert.True(exit == 0, error);
        var json = JsonDocument.Parse(output).RootElement;
        var tests = json.GetProperty("tests").EnumerateArray().ToArray();
        Assert.Equal(["pp32", "tg16"], tests.Select(t => t.GetProperty("test").GetString()));
        Assert.All(tests, t => Assert.True(t.GetProperty("tokens_per_second").GetDouble() > 0));
        Assert.Equal(2, tests[1].GetProperty("samples").GetArrayLength());
        Assert.InRange(tests[1].GetProperty("overhead_fraction").GetDouble(), 0.0, 1.0);
        Assert.True(json.GetProperty("bandwidth_gbs").GetDouble() > 0);
        // the bandwidth is probed before each tg repetition, and each repetition gets its own ratio
        Assert.Equal(2, tests[1].GetProperty("bandwidth_samples_gbs").GetArrayLength());
        Assert.All(tests[1].GetProperty("bandwidth_ratio_samples").EnumerateArray(), r => Assert.True(r.GetDouble() > 0));
        var ratios = tests[1].GetProperty("bandwidth_ratio_samples").EnumerateArray().Select(r => r.GetDouble()).ToArray();
        Assert.Equal(ratios.Average(), tests[1].GetProperty("bandwidth_ratio").GetDouble(), 1e-9);
    }

    [Fact]
    public void BenchAtDepthCountsTheCacheItReadsPerToken()
    {
        // stories260K: 5 layers x 4 KV heads x head_dim 8, F16 cache: 2 x 5 x 32 x 2 = 640 bytes per position
        double BytesPerToken(int depth)
        {
            var (exit, output, error) = CliRunner.Run("bench", "-m", Model, "-p", "0", "-n", "8", "-d", depth.ToString(CultureInfo.InvariantCulture),
                                                      "-r", "1", "-t", "1", "-o", "json");
            Assert.True(exit == 0, error);
            var test = JsonDocument.Parse(output).RootElement.GetProperty("tests")[0];
            Assert.Equal(depth, test.GetProperty("depth").GetInt32());
            return test.GetProperty("bytes_per_token").GetDouble();
        }
        Assert.Equal(64 * 640, BytesPerToken(64) - BytesPerToken(0));
    }

    [Fact]
    public void BenchDecodesParallelSequencesTogether()
    {
        var (exit, output, error) = CliRunner.Run("bench", "-m", Model, "-p", "0", "-n", "8", "-r", "1", "-t", "1", "-np", "4", "-o", "json");
        Assert.True(exit == 0, error);
        var tg = JsonDocument.Parse(output).RootElement.GetProperty("tests")[0];
        Assert.Equal("tg8", tg.GetProperty("test").GetString());
        Assert.Equal(4, tg.GetProperty("sequences").GetInt32());
        Assert.True(tg.GetProperty("tokens_per_second").GetDouble() > 0);

        (exit, output, error) = CliRunner.Run("bench", "-m", Model, "-p", "0", "-n", "4", "-r", "1", "-t", "1", "-np", "2");
        Assert.True(exit == 0, error);
        Assert.Contains("| tg4 x2 |", output);

        (exit, _, error) = CliRunner.Run("bench", "-m", Model, "-p", "0", "-n", "4", "-np", "0");
        Assert.NotEqual(0, exit);
        Assert.Contains("--parallel must be at least 1", error);
    }

    [Fact]
    public void NoRepackKeepsQuantizedWeightsInPlaceWithTheSameTokens()
    {
        var q8 = SharedData.Model("stories260K-mix-q8_0.gguf");
        var (exit, repacked, error) = CliRunner.Run("generate", "-m", q8, "-p", "Once upon a time", "-n", "12", "--temp", "0", "--json", "-t", "1");
        Assert.True(exit == 0, error);
        (exit, var inPlace, error) = CliRunner.Run("generate", "-m", q8, "-p", "Once upon a time", "-n", "12", "--temp", "0", "--json", "-t", "1", "--no-repack");
        Assert.True(exit == 0, error);
        int[] Ids(string json) => [.. JsonDocument.Parse(json).RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32())];
        Assert.Equal(Ids(repacked), Ids(inPlace));

        // bench reports how much was repacked: nothing with --no-repack, the Q8_0 matrices where the CPU has the kernels
        (exit, _, error) = CliRunner.Run("bench", "-m", q8, "-p", "0", "-n", "2", "-r", "1", "-t", "1", "--no-repack");
        Assert.True(exit == 0, error);
        Assert.Contains("of which 0.0 MB repacked at load", error);
        (exit, _, error) = CliRunner.Run("bench", "-m", q8, "-p", "0", "-n", "2", "-r", "1", "-t", "1");
        Assert.True(exit == 0, error);
        Assert.Contains("repacked at load", error);
        Assert.Equal(FastChat.Native.Kernels.RepackedMatrix.IsSupported(FastChat.Gguf.GgmlType.Q8_0),
                     !error.Contains("of which 0.0 MB repacked at load"));
    }
}
