using System.Text.Json.Nodes;
using FastChat.Arena.Battles;

namespace FastChat.Arena.Tests;

public sealed class BattleLogCleanerTests
{
    private static string Vote(string type, string shownA, string shownB, string hiddenA, string hiddenB, string answerA = "Sure, here it is.",
                               string answerB = "Here you go.", double tstamp = 1700000000, string ip = "1.2.3.4", int offset = 0, bool withMessages = true)
    {
        JsonArray Messages(string answer) => withMessages
            ? new JsonArray(new JsonArray("USER", "Write a haiku about rain"), new JsonArray("ASSISTANT", answer))
            : new JsonArray();
        return new JsonObject
        {
            ["tstamp"] = tstamp,
            ["type"] = type,
            ["models"] = new JsonArray(shownA, shownB),
            ["states"] = new JsonArray(
                new JsonObject { ["model_name"] = hiddenA, ["offset"] = offset, ["messages"] = Messages(answerA), ["conv_id"] = "c1" },
                new JsonObject { ["model_name"] = hiddenB, ["offset"] = offset, ["messages"] = Messages(answerB), ["conv_id"] = "c2" }),
            ["ip"] = ip,
        }.ToJsonString();
    }

    [Fact]
    public void Clean_KeepsValidVotes_AndCountsEachDropReason()
    {
        string[] log =
        [
            Vote("leftvote", "", "", "m1", "m2", tstamp: 5),
            Vote("rightvote", "m1", "m2", "m1", "m2", tstamp: 3),
            Vote("tievote", "", "", "m1", "m2", answerA: "As an AI developed by OpenAI, ..."),
            Vote("bothbad_vote", "", "", "m1", "m2", answerB: "NETWORK ERROR DUE TO HIGH TRAFFIC. PLEASE REGENERATE OR REFRESH THIS PAGE."),
            Vote("leftvote", "", "", "m1", "m2", withMessages: false),
            Vote("leftvote", "m1", "", "m1", "m2"),
            Vote("leftvote", "m1", "m2", "m2", "m1"),
            Vote("leftvote", "", "", "m1", "old-model"),
            Vote("leftvote", "", "", "m1", "m2", ip: "6.6.6.6"),
            """{"type": "chat", "tstamp": 1}""",
            "{not json",
        ];
        var result = BattleLogCleaner.Clean(log, new CleanOptions
        {
            ExcludeModels = new HashSet<string> { "old-model" },
            BannedIps = new HashSet<string> { "6.6.6.6" },
        });
        Assert.Equal(2, result.Battles.Count);
        Assert.Equal(9, result.Report.Votes);
        Assert.Equal(1, result.Report.NonVoteRecords);
        var dropped = result.Report.Dropped;
        Assert.Equal(1, dropped[DropReason.IdentityLeak]);
        Assert.Equal(1, dropped[DropReason.ErrorMessage]);
        Assert.Equal(1, dropped[DropReason.MissingMessages]);
        Assert.Equal(2, dropped[DropReason.InconsistentModelNames]);
        Assert.Equal(1, dropped[DropReason.ExcludedModel]);
        Assert.Equal(1, dropped[DropReason.BannedIp]);
        Assert.Equal(1, dropped[DropReason.Malformed]);
        Assert.Equal(8, result.Report.DroppedTotal);

        // Sorted by time; the anonymous one resolved to the hidden names.
        var (first, second) = (result.Battles[0], result.Battles[1]);
        Assert.Equal((BattleWinner.ModelB, false), (first.Winner, first.Anony!.Value));
        Assert.Equal((BattleWinner.ModelA, true), (second.Winner, second.Anony!.Value));
        Assert.Equal("English", second.Language);
        Assert.Equal(1, second.Turn);
        Assert.Equal(["user", "assistant"], second.ConversationA!.Select(t => t.Role));
        Assert.Contains(result.Report.DescribeDrops(), line => line == "identity leak: 1");
    }

    [Fact]
    public void Clean_RenamesOldModelsAndStripsHtmlNames()
    {
        var result = BattleLogCleaner.Clean([Vote("leftvote", "<h3>Model A: gpt-4</h3>\n", "<h3>Model B: bard</h3>\n", "gpt-4", "bard", tstamp: 1690000000)]);
        var battle = Assert.Single(result.Battles);
        Assert.Equal(("gpt-4-0613", "palm-2"), (battle.ModelA, battle.ModelB));
    }

    [Fact]
    public void CleanedBattles_RoundTripThroughTheWriterAndReader()
    {
        var result = BattleLogCleaner.Clean([Vote("tievote", "", "", "m1", "m2")]);
        var path = Path.GetTempFileName();
        try
        {
            BattleWriter.WriteJsonLines(path, result.Battles);
            var read = Assert.Single(BattleReader.ReadFile(path));
            var original = result.Battles[0];
            Assert.Equal((original.ModelA, original.ModelB, original.Winner, original.Anony, original.Language, original.Timestamp),
                         (read.ModelA, read.ModelB, read.Winner, read.Anony, read.Language, read.Timestamp));
            Assert.Equal(original.ConversationB, read.ConversationB);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
