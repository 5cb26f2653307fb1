using FastChat.Evaluation.Data;
using FastChat.Evaluation.Results;

namespace FastChat.Evaluation.Tests;

/// <summary>Acceptance: show_result on the real GPT-4 judgments in ../shared/fastchat-data/skycamp.</summary>
public sealed class SkycampResultsTests
{
    private static readonly string SingleFile = EvalData.Skycamp("model_judgment", "gpt-4_single.jsonl");
    private static readonly string PairFile = EvalData.Skycamp("model_judgment", "gpt-4_pair.jsonl");

    [Fact]
    public void Single_Gpt35TurnOneAverageIs9Point6()
    {
        var summary = SingleScoreSummary.Compute(JsonLines.Read<SingleJudgment>(SingleFile));
        var gpt35 = Assert.Single(summary.FirstTurn);
        Assert.Equal("gpt-3.5-turbo", gpt35.Model);
        Assert.Equal(9.6, gpt35.Score, 12);
        Assert.Equal(5, gpt35.Count);
        Assert.Empty(summary.SecondTurn);
        // Independently: the mean of the raw score fields.
        var raw = EvalData.RawLines(SingleFile).Select(l => l.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(raw.Average(), gpt35.Score, 12);
    }

    [Fact]
    public void Single_DropsUnparsedScoresAndSplitsTurnsAndCategories()
    {
        var baseline = JsonLines.Read<SingleJudgment>(SingleFile);
        var extra = new List<SingleJudgment>(baseline)
        {
            baseline[0] with { Score = -1 },                         // unparsed: ignored everywhere
            baseline[0] with { Turn = 2, Score = 4 },
            baseline[1] with { Turn = 2, Score = 6 },
            baseline[0] with { Model = "other", Score = 3 },
        };
        var categories = JsonLines.Read<Question>(EvalData.Skycamp("question.jsonl")).ToDictionary(q => q.QuestionId, q => q.Category);
        var summary = SingleScoreSummary.Compute(extra, categories);
        Assert.Equal(["gpt-3.5-turbo", "other"], summary.FirstTurn.Select(s => s.Model));
        Assert.Equal(9.6, summary.FirstTurn[0].Score, 12);
        Assert.Equal(5.0, Assert.Single(summary.SecondTurn).Score, 12);
        Assert.Equal((48 + 4 + 6) / 7.0, summary.Average.Single(s => s.Model == "gpt-3.5-turbo").Score, 12);
        Assert.Equal(7, summary.ByCategory["generic"]["gpt-3.5-turbo"].Count);
        Assert.Equal(["gpt-3.5-turbo"], SingleScoreSummary.Compute(extra, models: ["gpt-3.5-turbo"]).FirstTurn.Select(s => s.Model));
    }

    [Fact]
    public void PairwiseBaseline_Gpt4Has3Wins1Loss1Tie_AdjustedWinRate0Point7()
    {
        var summary = PairwiseSummary.Compute(JsonLines.Read<PairwiseJudgment>(PairFile), baseline: "gpt-3.5-turbo");
        var gpt4 = Assert.Single(summary.Overall);
        Assert.Equal(("gpt-4", 3, 1, 1), (gpt4.Model, gpt4.Win, gpt4.Loss, gpt4.Tie));
        Assert.Equal(0.7, gpt4.AdjustedWinRate, 12);
        Assert.Equal(0.6, gpt4.WinRate, 12);
        Assert.Equal(0.2, gpt4.LossRate, 12);
    }

    [Fact]
    public void PairwiseAll_ListsBothModelsMirrored()
    {
        var summary = PairwiseSummary.Compute(JsonLines.Read<PairwiseJudgment>(PairFile));
        Assert.Equal(["gpt-4", "gpt-3.5-turbo"], summary.Overall.Select(r => r.Model));
        var gpt35 = summary.Overall[1];
        Assert.Equal((1, 3, 1), (gpt35.Win, gpt35.Loss, gpt35.Tie));
        Assert.Equal(0.3, gpt35.AdjustedWinRate, 12);
    }

    [Fact]
    public void Pairwise_ErrorsAreDroppedAndFirstOrderTieIsATie()
    {
        var judgments = JsonLines.Read<PairwiseJudgment>(PairFile);
        var edited = new List<PairwiseJudgment>
        {
            judgments[0] with { Game2Winner = PairwiseJudgment.Error },                             // dropped
            judgments[1] with { Game1Winner = PairwiseJudgment.Tie, Game2Winner = PairwiseJudgment.Tie },
            judgments[3],                                                                             // q4: gpt-4 wins (model_2)
        };
        var gpt4 = PairwiseSummary.Compute(edited, baseline: "gpt-3.5-turbo").Overall.Single();
        Assert.Equal((1, 0, 1), (gpt4.Win, gpt4.Loss, gpt4.Tie));
    }
}
