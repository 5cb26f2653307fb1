using FastChat.Evaluation.Data;
using FastChat.Evaluation.Judging;

namespace FastChat.Evaluation.Tests;

public sealed class MatchPlannerTests
{
    private static readonly Dictionary<string, JudgePrompt> Prompts = BenchData.LoadJudgePrompts(EvalData.JudgePrompts);

    [Fact]
    public void SkycampSinglePrompts_AreRebuiltExactlyAsGpt4SawThem()
    {
        // The recorded user_prompt of every real judgment must come out of our matches byte for byte.
        var questions = BenchData.LoadQuestions(EvalData.Skycamp("question.jsonl"));
        var answers = BenchData.LoadModelAnswers(EvalData.Skycamp("model_answer"));
        var references = BenchData.LoadAnswerFile(EvalData.Skycamp("reference_answer", "gpt-4.jsonl"));
        var byId = questions.ToDictionary(q => q.QuestionId);
        var single = JudgeSet.Create("gpt-4", Prompts, pairwise: false);
        foreach (var judgment in JsonLines.Read<SingleJudgment>(EvalData.Skycamp("model_judgment", "gpt-4_single.jsonl")))
        {
            var spec = judgment.Judge.PromptName == "single-math-v1" ? single.Math : single.Default;
            var match = new SingleMatch(byId[judgment.QuestionId], judgment.Model, answers[judgment.Model][judgment.QuestionId], spec,
                                        spec.ReferenceBased ? references[judgment.QuestionId] : null);
            Assert.Equal(judgment.UserPrompt, match.UserPrompt());
            Assert.Equal(judgment.Judge, spec.Id);
        }
        // The pairwise file cannot be rebuilt: its prompts quote vicuna_bench questions and another gpt-3.5-turbo
        // answer set than the ones in skycamp/ (checked by hand); its gpt-4 answers are skycamp's, in the B slot first.
        var pair = JudgeSet.Create("gpt-4", Prompts, pairwise: true);
        foreach (var judgment in JsonLines.Read<PairwiseJudgment>(EvalData.Skycamp("model_judgment", "gpt-4_pair.jsonl")))
        {
            var gpt4 = answers["gpt-4"][judgment.QuestionId].FirstTurns[0];
            Assert.Contains("[The Start of Assistant B's Answer]\n" + gpt4 + "\n[The End of Assistant B's Answer]", judgment.Game1UserPrompt);
            Assert.Contains("[The Start of Assistant A's Answer]\n" + gpt4 + "\n[The End of Assistant A's Answer]", judgment.Game2UserPrompt);
            Assert.Equal(pair.Default.Id, judgment.Judge);
        }
    }

    [Fact]
    public void MtBench_SingleAndPairwisePlansFollowGenJudgment()
    {
        var questions = BenchData.LoadQuestions(EvalData.Path("mt_bench", "question.jsonl"));
        var references = BenchData.LoadAnswerFile(EvalData.Path("mt_bench", "reference_answer", "gpt-4.jsonl"));
        var answers = new[] { "m1", "m2", "m3" }.ToDictionary(m => m, m => questions.ToDictionary(q => q.QuestionId,
            q => new ModelAnswer(q.QuestionId, "id", m, [new AnswerChoice(0, [.. q.Turns.Select(t => $"{m} answers {t.Length}")])], 0)));

        var single = MatchPlanner.Plan(JudgeMode.Single, questions, ["m1", "m2", "m3"], answers, references, JudgeSet.Create("judge", Prompts, false));
        Assert.Equal(80 * 2 * 3, single.Count);                       // 80 two-turn questions, turn 1 and 2, three models
        var math = single.Where(m => m.Judge.ReferenceBased).ToList();
        Assert.Equal(30 * 2 * 3, math.Count);                          // math, reasoning, coding
        Assert.All(math, m => Assert.Contains(m.Reference!.FirstTurns[0], ((SingleMatch)m).UserPrompt()));
        Assert.Equal(["single-v1", "single-math-v1", "single-v1-multi-turn", "single-math-v1-multi-turn"],
                     single.Select(m => m.Judge.Prompt.Name).Distinct());
        var multi = (SingleMatch)single.First(m => m.Judge.MultiTurn && m.Judge.ReferenceBased);
        var prompt = multi.UserPrompt();
        Assert.Contains(multi.Question.Turns[1], prompt);
        Assert.Contains(multi.Answer.FirstTurns[1], prompt);
        Assert.Contains(multi.Reference!.FirstTurns[1], prompt);

        var baseline = MatchPlanner.Plan(JudgeMode.PairwiseBaseline, questions, ["m1", "m2", "m3"], answers, references, JudgeSet.Create("judge", Prompts, true), "m3");
        Assert.Equal(80 * 2 * 2, baseline.Count);
        Assert.All(baseline.Cast<PairMatch>(), m => Assert.Equal("m3", m.Model2));
        var all = MatchPlanner.Plan(JudgeMode.PairwiseAll, questions, ["m1", "m2", "m3"], answers, references, JudgeSet.Create("judge", Prompts, true));
        Assert.Equal(80 * 2 * 3, all.Count);
        Assert.Equal(all.Count, all.Select(m => m.Key).Distinct().Count());
    }

    [Fact]
    public void MissingAnswersAndReferences_AreAllListed()
    {
        var questions = BenchData.LoadQuestions(EvalData.Path("mt_bench", "question.jsonl"), 0, 40);
        var answers = new Dictionary<string, Dictionary<QuestionId, ModelAnswer>> { ["m1"] = [] };
        var e = Assert.Throws<EvaluationDataException>(() =>
            MatchPlanner.Plan(JudgeMode.Single, questions, ["m1", "m2"], answers, new Dictionary<QuestionId, ModelAnswer>(), JudgeSet.Create("j", Prompts, false)));
        Assert.Contains("model 'm1' has no answer to question(s) 81, 82", e.Message);
        Assert.Contains("no answer file for model 'm2'", e.Message);
        Assert.Contains("no reference answer for question(s) 101", e.Message);
    }

    [Fact]
    public void QuestionSlices_BehaveLikePython()
    {
        var path = EvalData.Path("mt_bench", "question.jsonl");
        Assert.Equal(80, BenchData.LoadQuestions(path).Count);
        Assert.Equal(["83", "84"], BenchData.LoadQuestions(path, 2, 4).Select(q => q.QuestionId.Text));
        Assert.Equal(["160"], BenchData.LoadQuestions(path, -1).Select(q => q.QuestionId.Text));
        Assert.Empty(BenchData.LoadQuestions(path, 10, 5));
    }
}
