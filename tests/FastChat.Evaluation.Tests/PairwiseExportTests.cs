using FastChat.Evaluation.Data;
using FastChat.Evaluation.Export;

namespace FastChat.Evaluation.Tests;

public sealed class PairwiseExportTests
{
    [Fact]
    public void Skycamp_KeepsThePositionConsistentVerdictsWithBothAnswers()
    {
        var questions = BenchData.LoadQuestions(EvalData.Skycamp("question.jsonl"));
        var answers = BenchData.LoadModelAnswers(EvalData.Skycamp("model_answer"));
        var judgments = JsonLines.Read<PairwiseJudgment>(EvalData.Skycamp("model_judgment", "gpt-4_pair.jsonl"));
        var (rows, report) = PairwiseExporter.Build(questions, answers, judgments);

        // Independently: the raw lines whose two winners agree.
        var raw = EvalData.RawLines(EvalData.Skycamp("model_judgment", "gpt-4_pair.jsonl"));
        var consistent = raw.Where(l => l.GetProperty("g1_winner").GetString() == l.GetProperty("g2_winner").GetString()).ToList();
        Assert.Equal(4, consistent.Count);
        Assert.Equal(new PairwiseExportReport(5, 1, 0, 0, 4), report);
        Assert.Equal(consistent.Select(l => l.GetProperty("question_id").GetInt32()), rows.Select(r => int.Parse(r.QuestionId.Text)));

        var first = rows[0];
        var line = consistent[0];
        var qid = first.QuestionId;
        Assert.Equal("generic", first.Category);
        Assert.Equal(questions.Single(q => q.QuestionId == qid).Turns, first.ModelInput);
        Assert.Null(first.Reference);
        Assert.Equal(answers[first.Model1][qid].Choices[0].Turns, first.Model1Output);
        Assert.Equal(answers[first.Model2][qid].Choices[0].Turns, first.Model2Output);
        Assert.Equal("gpt-4", first.JudgeModelId);
        Assert.Equal(line.GetProperty("g1_winner").GetString(), first.Winner);
        Assert.Equal(line.GetProperty("g1_user_prompt").GetString(), first.JudgeInputModel1OrderedFirst);
        Assert.Equal(line.GetProperty("g2_judgment").GetString(), first.JudgeOutputModel2OrderedFirst);

        var json = System.Text.Json.JsonDocument.Parse(JsonLines.Serialize(first)).RootElement;
        Assert.Equal(["question_id", "category", "model_input", "reference", "model_1", "model_2", "turn", "judge_model_id", "model_1_output",
                      "model_2_output", "winner_model_1_ordered_first", "winner_model_2_ordered_first", "winner",
                      "judge_input_model_1_ordered_first", "judge_input_model_2_ordered_first",
                      "judge_output_model_1_ordered_first", "judge_output_model_2_ordered_first"],
                     json.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void UnparsedVerdictsAndMissingAnswers_AreDroppedAndCounted()
    {
        var questions = BenchData.LoadQuestions(EvalData.Skycamp("question.jsonl"));
        var answers = BenchData.LoadModelAnswers(EvalData.Skycamp("model_answer"));
        var judgments = JsonLines.Read<PairwiseJudgment>(EvalData.Skycamp("model_judgment", "gpt-4_pair.jsonl"));
        var edited = new List<PairwiseJudgment>
        {
            judgments[0] with { Game1Winner = PairwiseJudgment.Error, Game2Winner = PairwiseJudgment.Error },
            judgments[1] with { Model2 = "nobody" },
            judgments[2],
        };
        var (rows, report) = PairwiseExporter.Build(questions, answers, edited);
        Assert.Equal(new PairwiseExportReport(3, 0, 1, 1, 1), report);
        Assert.Equal(judgments[2].QuestionId, Assert.Single(rows).QuestionId);
    }

    [Fact]
    public void References_ComeFromTheQuestionOrTheReferenceAnswers()
    {
        var questions = BenchData.LoadQuestions(EvalData.Path("mt_bench", "question.jsonl"));
        var references = BenchData.LoadAnswerFile(EvalData.Path("mt_bench", "reference_answer", "gpt-4.jsonl"));
        var roleplay = questions.First(q => q.Category == "roleplay" && q.Reference is not null);
        var math = questions.First(q => q.Category == "coding" && q.Reference is null);
        var answers = new[] { "a", "b" }.ToDictionary(m => m, m => questions.ToDictionary(q => q.QuestionId,
            q => new ModelAnswer(q.QuestionId, "x", m, [new AnswerChoice(0, ["1", "2"])], 0)));
        var judge = new JudgeId("j", "pair-v2");
        PairwiseJudgment Verdict(Question q) => new(q.QuestionId, "a", "b", "model_1", "model_1", judge, "", "", "", "", 1, 0);
        var (rows, _) = PairwiseExporter.Build(questions, answers, [Verdict(roleplay), Verdict(math)], references);
        Assert.Equal(roleplay.Reference, rows[0].Reference);
        Assert.Equal(references[math.QuestionId].Choices[0].Turns, rows[1].Reference);
    }
}
