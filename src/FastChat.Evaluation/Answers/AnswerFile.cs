using FastChat.Evaluation.Data;

namespace FastChat.Evaluation.Answers;

/// <summary>Resume and tidy-up of an answer file that is appended to while answers are generated.</summary>
public static class AnswerFile
{
    /// <summary>Question ids already answered in <paramref name="path"/> with at least <paramref name="numChoices"/> choices.</summary>
    public static HashSet<QuestionId> AnsweredQuestions(string path, int numChoices) =>
        File.Exists(path)
            ? [.. JsonLines.Read<ModelAnswer>(path).Where(a => a.Choices.Count >= numChoices).Select(a => a.QuestionId)]
            : [];

    /// <summary>
    /// FastChat's reorg_answer_file: one line per question (the last one written wins) sorted by question id.
    /// Returns the number of answers kept.
    /// </summary>
    public static int Reorganize(string path)
    {
        if (!File.Exists(path)) return 0;
        var latest = new Dictionary<QuestionId, ModelAnswer>();
        foreach (var answer in JsonLines.Read<ModelAnswer>(path)) latest[answer.QuestionId] = answer;
        JsonLines.Write(path, latest.Values.OrderBy(a => a.QuestionId));
        return latest.Count;
    }
}
