using FastChat.Evaluation.Answers;
using FastChat.Evaluation.Data;

namespace FastChat.Evaluation.Judging;

/// <summary>Bench data is missing something the planned matches need (answers or reference answers).</summary>
public sealed class EvaluationDataException(string message) : Exception(message);

/// <summary>
/// Builds gen_judgment's matches: general questions with the general judge, reference categories with the math
/// judge and the reference answer, then both again with the multi-turn judges for two-turn questions.
/// </summary>
public static class MatchPlanner
{
    /// <param name="mode">Single, pairwise against <paramref name="baseline"/>, or all pairs.</param>
    /// <param name="questions">The questions to judge.</param>
    /// <param name="models">Models to judge (in pairwise-baseline mode the baseline is added as the second of each pair).</param>
    /// <param name="answers">Answers by model, then question.</param>
    /// <param name="references">Reference answers by question (for math, reasoning and coding).</param>
    /// <param name="judges">The four judges of the mode.</param>
    /// <param name="baseline">The baseline model (pairwise-baseline only).</param>
    /// <exception cref="EvaluationDataException">An answer or reference the matches need is missing (all are listed).</exception>
    public static List<JudgeMatch> Plan(JudgeMode mode, IReadOnlyList<Question> questions, IReadOnlyList<string> models,
                                        IReadOnlyDictionary<string, Dictionary<QuestionId, ModelAnswer>> answers,
                                        IReadOnlyDictionary<QuestionId, ModelAnswer> references, JudgeSet judges, string? baseline = null)
    {
        if (mode == JudgeMode.PairwiseBaseline && string.IsNullOrEmpty(baseline))
            throw new ArgumentException("pairwise-baseline needs a baseline model", nameof(baseline));
        var needed = mode == JudgeMode.PairwiseBaseline ? [.. models, baseline!] : models;
        Check(questions, needed.Distinct().ToList(), answers, references);

        var general = questions.Where(q => !CategoryDefaults.NeedsReference(q.Category)).ToList();
        var math = questions.Where(q => CategoryDefaults.NeedsReference(q.Category)).ToList();
        var matches = new List<JudgeMatch>();
        foreach (var (subset, judge) in new[] { (general, judges.Default), (math, judges.Math), (general, judges.DefaultMultiTurn), (math, judges.MathMultiTurn) })
        {
            foreach (var question in subset)
            {
                if (judge.MultiTurn && question.Turns.Count != 2) continue;
                var reference = judge.ReferenceBased ? references[question.QuestionId] : null;
                matches.AddRange(For(mode, question, models, answers, judge, reference, baseline));
            }
        }
        return matches;
    }

    private static IEnumerable<JudgeMatch> For(JudgeMode mode, Question question, IReadOnlyList<string> models,
                                               IReadOnlyDictionary<string, Dictionary<QuestionId, ModelAnswer>> answers,
                                               JudgeSpec judge, ModelAnswer? reference, string? baseline)
    {
        var id = question.QuestionId;
        switch (mode)
        {
            case JudgeMode.Single:
                foreach (var model in models)
                    yield return new SingleMatch(question, model, answers[model][id], judge, reference);
                break;
            case JudgeMode.PairwiseBaseline:
                foreach (var model in models.Where(m => m != baseline))
                    yield return new PairMatch(question, model, baseline!, answers[model][id], answers[baseline!][id], judge, reference);
                break;
            default:
                for (var i = 0; i < models.Count; i++)
                    for (var j = i + 1; j < models.Count; j++)
                        yield return new PairMatch(question, models[i], models[j], answers[models[i]][id], answers[models[j]][id], judge, reference);
                break;
        }
    }

    private static void Check(IReadOnlyList<Question> questions, IReadOnlyList<string> models,
                              IReadOnlyDictionary<string, Dictionary<QuestionId, ModelAnswer>> answers,
                              IReadOnlyDictionary<QuestionId, ModelAnswer> references)
    {
        var problems = new List<string>();
        foreach (var model in models)
        {
            if (!answers.TryGetValue(model, out var byQuestion)) { problems.Add($"no answer file for model '{model}'"); continue; }
            var missing = questions.Where(q => !byQuestion.ContainsKey(q.QuestionId)).Select(q => q.QuestionId.Text).ToList();
            if (missing.Count > 0) problems.Add($"model '{model}' has no answer to question(s) {string.Join(", ", missing)}");
            var short_ = questions.Where(q => byQuestion.TryGetValue(q.QuestionId, out var a) && a.FirstTurns.Count < q.Turns.Count)
                                  .Select(q => q.QuestionId.Text).ToList();
            if (short_.Count > 0) problems.Add($"model '{model}' answered fewer turns than asked in question(s) {string.Join(", ", short_)}");
        }
        var noReference = questions.Where(q => CategoryDefaults.NeedsReference(q.Category) && !references.ContainsKey(q.QuestionId))
                                   .Select(q => q.QuestionId.Text).ToList();
        if (noReference.Count > 0) problems.Add($"no reference answer for question(s) {string.Join(", ", noReference)}");
        if (problems.Count > 0) throw new EvaluationDataException(string.Join("; ", problems));
    }
}
