namespace FastChat.Evaluation.Data;

/// <summary>
/// Loads a bench laid out as FastChat's llm_judge data folder: question.jsonl, model_answer/MODEL.jsonl,
/// reference_answer/MODEL.jsonl, model_judgment/, plus a judge_prompts.jsonl.
/// </summary>
public static class BenchData
{
    /// <summary>Questions in file order; <paramref name="begin"/>/<paramref name="end"/> slice as Python's <c>[begin:end]</c>.</summary>
    public static List<Question> LoadQuestions(string path, int? begin = null, int? end = null)
    {
        var all = JsonLines.Read<Question>(path);
        var start = Clamp(begin ?? 0, all.Count);
        var stop = Clamp(end ?? all.Count, all.Count);
        return stop > start ? all.GetRange(start, stop - start) : [];
    }

    /// <summary>Answers of every model in <paramref name="answerDirectory"/> (one MODEL.jsonl each), by model then question id; a later line for the same question wins.</summary>
    public static Dictionary<string, Dictionary<QuestionId, ModelAnswer>> LoadModelAnswers(string answerDirectory)
    {
        var result = new Dictionary<string, Dictionary<QuestionId, ModelAnswer>>(StringComparer.Ordinal);
        if (!Directory.Exists(answerDirectory)) return result;
        foreach (var file in Directory.GetFiles(answerDirectory, "*.jsonl").Order(StringComparer.Ordinal))
            result[Path.GetFileNameWithoutExtension(file)] = LoadAnswerFile(file);
        return result;
    }

    /// <summary>One answer file by question id (a later line for the same question wins, as FastChat's loader).</summary>
    public static Dictionary<QuestionId, ModelAnswer> LoadAnswerFile(string path)
    {
        var answers = new Dictionary<QuestionId, ModelAnswer>();
        foreach (var answer in JsonLines.Read<ModelAnswer>(path)) answers[answer.QuestionId] = answer;
        return answers;
    }

    /// <summary>Judge prompts by name.</summary>
    public static Dictionary<string, JudgePrompt> LoadJudgePrompts(string path) =>
        JsonLines.Read<JudgePrompt>(path).GroupBy(p => p.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    /// <summary>The model names in an answer folder (file names without .jsonl), sorted.</summary>
    public static List<string> ModelNames(string answerDirectory) =>
        Directory.Exists(answerDirectory)
            ? [.. Directory.GetFiles(answerDirectory, "*.jsonl").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal)]
            : [];

    private static int Clamp(int index, int count) => index < 0 ? Math.Max(0, count + index) : Math.Min(index, count);
}
