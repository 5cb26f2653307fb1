using FastChat.Evaluation.Answers;
using FastChat.Evaluation.Data;

namespace FastChat.Evaluation.Export;

/// <summary>What an export kept and why the rest was dropped.</summary>
public sealed record PairwiseExportReport(int Judgments, int Inconsistent, int Unparsed, int MissingQuestionOrAnswer, int Rows);

/// <summary>
/// Builds the pairwise dataset: each judgment joined (inner) with its question and both models' answers, kept only
/// when both orders gave the same verdict (winner in order 1 == winner in order 2, and not an unparsed "error").
/// The reference is the question's own reference when it has one, else the reference answer of a math, reasoning
/// or coding question when given.
/// </summary>
public static class PairwiseExporter
{
    /// <summary>The rows and counts, in judgment-file order.</summary>
    public static (List<PairwiseExportRow> Rows, PairwiseExportReport Report) Build(
        IReadOnlyList<Question> questions, IReadOnlyDictionary<string, Dictionary<QuestionId, ModelAnswer>> answers,
        IEnumerable<PairwiseJudgment> judgments, IReadOnlyDictionary<QuestionId, ModelAnswer>? references = null)
    {
        var byId = questions.GroupBy(q => q.QuestionId).ToDictionary(g => g.Key, g => g.Last());
        var rows = new List<PairwiseExportRow>();
        int total = 0, inconsistent = 0, unparsed = 0, missing = 0;
        foreach (var j in judgments)
        {
            total++;
            if (!j.IsConsistent) { inconsistent++; continue; }
            if (j.Game1Winner == PairwiseJudgment.Error) { unparsed++; continue; }
            if (!byId.TryGetValue(j.QuestionId, out var question) || !TryAnswer(answers, j.Model1, j.QuestionId, out var a1)
                || !TryAnswer(answers, j.Model2, j.QuestionId, out var a2))
            {
                missing++;
                continue;
            }
            rows.Add(new PairwiseExportRow(j.QuestionId, question.Category, question.Turns, ReferenceFor(question, references),
                j.Model1, j.Model2, j.Turn, j.Judge.Model, a1.FirstTurns, a2.FirstTurns, j.Game1Winner, j.Game2Winner, j.Game1Winner,
                j.Game1UserPrompt, j.Game2UserPrompt, j.Game1Judgment, j.Game2Judgment));
        }
        return (rows, new PairwiseExportReport(total, inconsistent, unparsed, missing, rows.Count));
    }

    private static IReadOnlyList<string>? ReferenceFor(Question question, IReadOnlyDictionary<QuestionId, ModelAnswer>? references)
    {
        if (question.Reference is not null) return question.Reference;
        if (references is not null && CategoryDefaults.NeedsReference(question.Category) && references.TryGetValue(question.QuestionId, out var reference))
            return reference.FirstTurns;
        return null;
    }

    private static bool TryAnswer(IReadOnlyDictionary<string, Dictionary<QuestionId, ModelAnswer>> answers, string model, QuestionId id, out ModelAnswer answer)
    {
        answer = null!;
        return answers.TryGetValue(model, out var byQuestion) && byQuestion.TryGetValue(id, out answer!);
    }
}
