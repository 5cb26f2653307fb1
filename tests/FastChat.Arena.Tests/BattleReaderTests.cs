using System.Text;
using FastChat.Arena.Battles;

namespace FastChat.Arena.Tests;

public sealed class BattleReaderTests
{
    private static List<Battle> Read(string text) => BattleReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "test");

    [Fact]
    public void ReadsJsonArrayWithOptionalFields()
    {
        var battles = Read("""
            [{"model_a": "a", "model_b": "b", "winner": "tie (bothbad)", "anony": true, "language": "English", "turn": 2,
              "tstamp": 1712345678.5, "question_id": 17, "category_tag": {"math_v0.1": {"math": true}},
              "conversation_a": [{"role": "user", "content": ["hi", []]}, {"role": "assistant", "content": "hello"}]}]
            """);
        var battle = Assert.Single(battles);
        Assert.Equal(BattleWinner.TieBothBad, battle.Winner);
        Assert.Equal((true, "English", 2, 1712345678.5, "17"), (battle.Anony!.Value, battle.Language, battle.Turn!.Value, battle.Timestamp!.Value, battle.QuestionId));
        Assert.Equal("hi", battle.ConversationA![0].Content);
        Assert.True(BattleCategories.Matches(battle, "math"));
        Assert.False(BattleCategories.Matches(battle, "if"));
    }

    [Fact]
    public void ReadsJsonLines_AndNamesTheBadLine()
    {
        Assert.Equal(2, Read("{\"model_a\":\"a\",\"model_b\":\"b\",\"winner\":\"model_a\"}\n\n{\"model_a\":\"b\",\"model_b\":\"a\",\"winner\":\"tie\"}\n").Count);
        var error = Assert.Throws<ArenaException>(() => Read("{\"model_a\":\"a\",\"model_b\":\"b\",\"winner\":\"model_a\"}\n{\"model_a\":\"a\",\"model_b\":\"b\",\"winner\":\"draw\"}\n"));
        Assert.Contains("test:2", error.Message);
        Assert.Contains("draw", error.Message);
    }

    [Fact]
    public void Filter_AppliesCategoryLanguageAnonyDateAndOrdersByTime()
    {
        List<Battle> battles =
        [
            new("a", "b", BattleWinner.ModelA) { Timestamp = 3, Anony = true, Language = "English" },
            new("a", "b", BattleWinner.Tie) { Timestamp = 1, Anony = true, Language = "English" },
            new("a", "c", BattleWinner.ModelB) { Timestamp = 2, Anony = false, Language = "English" },
            new("a", "b", BattleWinner.ModelB) { Timestamp = 4, Anony = true, Language = "Chinese" },
        ];
        var kept = new BattleFilter { AnonymousOnly = true, Languages = new HashSet<string> { "English" } }.Apply(battles);
        Assert.Equal([1.0, 3.0], kept.Select(b => b.Timestamp!.Value));
        Assert.Single(new BattleFilter { ExcludeTies = true, ExcludeModels = new HashSet<string> { "c" }, Until = DateTimeOffset.FromUnixTimeSeconds(4) }.Apply(battles));
        Assert.Equal(2, new BattleFilter { From = DateTimeOffset.FromUnixTimeSeconds(3) }.Apply(battles).Count);
    }
}
