using FastChat.Evaluation.Agreement;
using FastChat.Evaluation.Data;

namespace FastChat.Evaluation.Tests;

public sealed class AgreementTests
{
    [Fact]
    public void JudgeVsJudge_CountsWithAndWithoutTies()
    {
        using var dir = new TempDirectory();
        // A second judge file in FastChat's vote format, models in the other order for two games (winners mirrored).
        // skycamp gpt-4 verdicts (model_1 = gpt-3.5-turbo): q1 model_1, q2-q4 model_2, q5 inconsistent (a tie).
        var human = dir.File("human.json");
        File.WriteAllText(human, """
            [
              {"question_id": 1, "model_a": "gpt-4", "model_b": "gpt-3.5-turbo", "winner": "model_b", "judge": "expert_0", "turn": 1},
              {"question_id": 2, "model_a": "gpt-3.5-turbo", "model_b": "gpt-4", "winner": "model_b", "judge": "expert_1", "turn": 1},
              {"question_id": 3, "model_a": "gpt-4", "model_b": "gpt-3.5-turbo", "winner": "tie (bothbad)", "judge": "expert_0", "turn": 1},
              {"question_id": 4, "model_a": "gpt-3.5-turbo", "model_b": "gpt-4", "winner": "model_a", "judge": "expert_2", "turn": 1},
              {"question_id": 5, "model_a": "gpt-3.5-turbo", "model_b": "gpt-4", "winner": "tie", "judge": "expert_2", "turn": 1},
              {"question_id": 5, "model_a": "gpt-3.5-turbo", "model_b": "gpt-4", "winner": "model_b", "judge": "expert_3", "turn": 1}
            ]
            """);
        var votes = VoteLoader.Load(EvalData.Skycamp("model_judgment", "gpt-4_pair.jsonl")).Concat(VoteLoader.Load(human)).ToList();
        Assert.Equal(5, votes.Count(v => v.Judge == "gpt-4"));
        Assert.Equal("tie (inconsistent)", votes.Single(v => v.Judge == "gpt-4" && v.QuestionId.Text == "5").Winner);

        var results = AgreementCalculator.Compute(votes, "gpt-4", "human");
        // With ties: q1 agree (gpt-3.5 wins), q2 agree, q3 disagree, q4 disagree, q5 vs tie agree, q5 vs model_b disagree.
        var withTies = results.Single(r => r.Turn == 1 && r.WithTies);
        Assert.Equal((3, 6), (withTies.Agree, withTies.Total));
        // Without ties: q3 (human tie) and both q5 (gpt-4 tie) drop out: q1 agree, q2 agree, q4 disagree.
        var withoutTies = results.Single(r => r.Turn == 1 && !r.WithTies);
        Assert.Equal((2, 3), (withoutTies.Agree, withoutTies.Total));
        Assert.Equal(2 / 3.0, withoutTies.Ratio, 12);

        // Human vs human: only q5 has two votes (tie vs model_b): one disagreement with ties, none comparable without.
        var humans = AgreementCalculator.Compute(votes, "human", "human");
        Assert.Equal((0, 1), (humans.Single(r => r.WithTies).Agree, humans.Single(r => r.WithTies).Total));
    }

    [Fact]
    public void NamedFiles_CompareTwoRunsOfOneJudgeModel()
    {
        var path = EvalData.Skycamp("model_judgment", "gpt-4_pair.jsonl");
        var votes = VoteLoader.Load(path, "run-a").Concat(VoteLoader.Load(path, "run-b")).ToList();
        var result = AgreementCalculator.Compute(votes, "run-a", "run-b");
        Assert.Equal((5, 5), (result[0].Agree, result[0].Total));
        Assert.Equal((4, 4), (result[1].Agree, result[1].Total));
    }
}
