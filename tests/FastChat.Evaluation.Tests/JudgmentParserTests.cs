using FastChat.Evaluation.Data;
using FastChat.Evaluation.Judging;

namespace FastChat.Evaluation.Tests;

public sealed class JudgmentParserTests
{
    [Theory]
    [InlineData("Overall good. Rating: [[8]]", 8)]
    [InlineData("Rating: [[8.5]]", 8.5)]
    [InlineData("Rating: [[7.]]", 7)]
    [InlineData("first [[3]] then [[9]]", 3)]
    [InlineData("backup only: [6]", 6)]
    [InlineData("backup earlier [2] but double later [[9]]", 9)]
    [InlineData("Rating: 8/10", -1)]
    [InlineData("[[ 8 ]] has spaces", -1)]
    [InlineData("[[-3]] is not a rating; [4] is", 4)]
    [InlineData("", -1)]
    public void Rating_FollowsFastChatPatterns(string judgment, double expected) =>
        Assert.Equal(expected, JudgmentParser.ParseRating(judgment));

    [Theory]
    [InlineData("Final verdict: [[A]]", "A")]
    [InlineData("[[B]]", "B")]
    [InlineData("[[C]]", "tie")]
    [InlineData("[[B]] ... on reflection [[A]]", "A")]   // FastChat checks A before B, not first occurrence
    [InlineData("[[C]] or [[B]]", "B")]
    [InlineData("[A] is better", "error")]
    [InlineData("", "error")]
    public void Winner_ChecksAThenBThenC(string judgment, string expected) =>
        Assert.Equal(expected, JudgmentParser.ParseWinner(judgment, JudgmentParser.WinnerFormat));

    [Theory]
    [InlineData("[[8, 7.95]]", "tie")]
    [InlineData("[[8,6]]", "A")]
    [InlineData("scores [5, 9]", "B")]
    [InlineData("no scores", "error")]
    public void TwoScoreFormat_UsesTieDelta(string judgment, string expected) =>
        Assert.Equal(expected, JudgmentParser.ParseWinner(judgment, JudgmentParser.TwoScoreFormat));

    [Fact]
    public void UnknownOutputFormat_Throws() =>
        Assert.Throws<ArgumentException>(() => JudgmentParser.ParseWinner("[[A]]", "[[X]]"));

    [Fact]
    public void RealGpt4SingleJudgments_ParseToTheRecordedScores()
    {
        var raw = EvalData.RawLines(EvalData.Skycamp("model_judgment", "gpt-4_single.jsonl"));
        Assert.Equal(5, raw.Count);
        foreach (var line in raw)
            Assert.Equal(line.GetProperty("score").GetDouble(), JudgmentParser.ParseRating(line.GetProperty("judgment").GetString()!));
    }

    [Fact]
    public void RealGpt4PairJudgments_ParseToTheRecordedWinnersInBothOrders()
    {
        foreach (var line in EvalData.RawLines(EvalData.Skycamp("model_judgment", "gpt-4_pair.jsonl")))
        {
            // Game 1 shows model_1 as A; game 2 shows model_2 as A.
            var g1 = JudgmentParser.ParseWinner(line.GetProperty("g1_judgment").GetString()!, JudgmentParser.WinnerFormat);
            var g2 = JudgmentParser.ParseWinner(line.GetProperty("g2_judgment").GetString()!, JudgmentParser.WinnerFormat);
            Assert.Equal(line.GetProperty("g1_winner").GetString(), g1 switch { "A" => "model_1", "B" => "model_2", _ => g1 });
            Assert.Equal(line.GetProperty("g2_winner").GetString(), g2 switch { "A" => "model_2", "B" => "model_1", _ => g2 });
        }
    }

    [Fact]
    public void JudgmentFiles_RoundTripThroughTheModels()
    {
        var path = EvalData.Skycamp("model_judgment", "gpt-4_pair.jsonl");
        var judgments = JsonLines.Read<PairwiseJudgment>(path);
        var raw = EvalData.RawLines(path);
        for (var i = 0; i < raw.Count; i++)
        {
            var again = System.Text.Json.JsonDocument.Parse(JsonLines.Serialize(judgments[i])).RootElement;
            foreach (var property in raw[i].EnumerateObject())
                Assert.True(System.Text.Json.JsonElement.DeepEquals(property.Value, again.GetProperty(property.Name)), property.Name);
        }
    }
}
