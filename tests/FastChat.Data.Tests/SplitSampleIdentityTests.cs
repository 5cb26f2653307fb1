using System.Text.Json;
using FastChat.Data.Steps;

namespace FastChat.Data.Tests;

public sealed class SplitSampleIdentityTests
{
    private static List<ShareGptSample> Numbered(int count) =>
        Enumerable.Range(0, count).Select(i => new ShareGptSample($"s{i}", [new("human", $"q{i}"), new("gpt", new string('a', i))])).ToList();

    [Fact]
    public void TrainTestSplitIsASeededPartition()
    {
        var all = Numbered(101);
        var (train, test) = TrainTestSplit.Split(all, 0.9, seed: 3);
        Assert.Equal(90, train.Count);
        Assert.Equal(11, test.Count);
        Assert.Equal(all.Select(s => s.Id).Order(), train.Concat(test).Select(s => s.Id).Order());
        Assert.Equal(train.Select(s => s.Id), TrainTestSplit.Split(all, 0.9, seed: 3).Train.Select(s => s.Id));
        Assert.NotEqual(train.Select(s => s.Id), TrainTestSplit.Split(all, 0.9, seed: 4).Train.Select(s => s.Id));
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainTestSplit.Split(all, 1.5));
    }

    [Fact]
    public void SampleTakesARangeAndCountsTheRest()
    {
        var report = new DataReport();
        var kept = new SampleStep(begin: 10, end: 30, maxLength: 50, keepOrder: true).Apply(Numbered(100), report).ToList();
        // Positions 10..29 in order; those with more than 50 characters (q + i 'a's) are dropped.
        Assert.Equal(Enumerable.Range(10, 20).Where(i => $"q{i}".Length + i <= 50).Select(i => $"s{i}"), kept.Select(s => s.Id));
        Assert.Equal(100, kept.Count + report.Dropped);
    }

    [Fact]
    public void IdentityQuestionsNameTheModelAndOrganization()
    {
        var samples = IdentityQuestions.Generate("Tiny", "Example Lab");
        Assert.Equal(12 * 6 + 7 * 7 + 68 * 12, samples.Count);
        Assert.Equal("identity_0", samples[0].Id);
        Assert.Equal("I am Tiny, a language model trained by researchers from Example Lab.", samples[0].Conversations[1].Value);
        Assert.All(samples, s => Assert.Contains("Example Lab", s.Conversations[1].Value));
        Assert.Equal(samples.Count, samples.Select(s => s.Conversations[0].Value + s.Conversations[1].Value).Distinct().Count());
        Assert.Throws<ArgumentException>(() => IdentityQuestions.Generate("", "x"));
    }

    [Fact]
    public void AlpacaRecordsBecomeSingleRounds()
    {
        using var temp = new TempDirectory();
        var path = temp.File("alpaca.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new object[]
        {
            new { instruction = "Add.", input = "2 and 3", output = "5" },
            new { instruction = "Say hi.", input = "", output = "hi" },
            new { instruction = "No output." },
        }));
        var report = new DataReport();
        var samples = AlpacaConverter.Convert(path, report).ToList();
        Assert.Equal(["alpaca_0", "alpaca_1"], samples.Select(s => s.Id));
        Assert.Equal("Add.\nInput:\n2 and 3", samples[0].Conversations[0].Value);
        Assert.Equal("Say hi.", samples[1].Conversations[0].Value);
        Assert.Equal(1, report.DroppedFor(DropReasons.MissingField));
    }
}
