using FastChat.Data.IO;
using FastChat.Data.Stats;
using FastChat.Engine.Tokenization;
using FastChat.Tests;

namespace FastChat.Data.Tests;

public sealed class StatsAndPrepareTests
{
    private static readonly Tokenizer Tokenizer = TokenizerFactory.Create(SharedData.Model("stories260K.gguf"));
    private static readonly string Dummy = SharedData.Path("fastchat-data", "dummy_conversation.json");

    [Fact]
    public void StatsCountTokensTurnsAndHistogram()
    {
        var samples = DatasetReader.Read(Dummy, new DataReport()).ToList();
        var stats = DatasetStats.Compute(samples, Tokenizer);
        var expectedTokens = samples.Sum(s => s.Conversations.Take(s.Conversations.Count / 2 * 2).Sum(t => (long)Tokenizer.Encode(t.Value, addSpecialTokens: false).Length));
        Assert.Equal(expectedTokens, stats.Tokens);
        Assert.Equal(500, stats.Samples);
        Assert.Equal((167 * 1 + 166 * 2 + 167 * 3) / 500.0, stats.AverageTurns, 1e-12);
        Assert.Equal(500, stats.Histogram.Sum());
        Assert.Contains("avg. turns: 2.00", stats.Format());
    }

    [Fact]
    public void HistogramPlotIsAPng()
    {
        using var temp = new TempDirectory();
        var path = temp.File("lengths.png");
        LengthHistogramPlot.Save([1, 5, 5, 9, 200, 1000], path);
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 1000);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
    }

    [Fact]
    public void PrepareChainsEveryStepAndAccountsForEveryRecord()
    {
        using var temp = new TempDirectory();
        var report = new DataReport();
        var files = PreparePipeline.Run([Dummy], temp.Path, "dummy", Tokenizer,
            new PrepareOptions { MaxLength = 256, TrainRatio = 0.9, IdentityName = "Tiny", IdentityOrganization = "Lab" }, report);
        int Count(string path) => DatasetReader.Read(path, new DataReport()).Count();
        var split = Count(files.Split);
        Assert.Equal(split, Count(files.Train) + Count(files.Test));
        Assert.Equal((int)Math.Floor(0.9 * split), Count(files.Train));
        Assert.Equal(Count(files.Train) + 937, Count(files.TrainIdentity));
        Assert.Equal(Count(files.TrainIdentity), Count(files.TrainIdentitySingle));
        Assert.Equal(500, report.Read);
        // Independent count of the samples FastChat's blacklist removes.
        var blacklisted = DatasetReader.Read(Dummy, new DataReport()).Count(s => s.Conversations.Any(t =>
            t.Value.Contains("openai", StringComparison.OrdinalIgnoreCase) || t.Value.Contains("chatgpt", StringComparison.OrdinalIgnoreCase)));
        Assert.Equal(blacklisted, report.DroppedFor(DropReasons.UnwantedWord));
        // Split-long only splits: at least one piece per surviving record.
        Assert.True(split >= 500 - report.Dropped, report.Format());
    }
}
