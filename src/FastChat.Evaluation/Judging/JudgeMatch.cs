using FastChat.Evaluation.Data;

namespace FastChat.Evaluation.Judging;

/// <summary>One judging task: a question, the judge, and the reference answer when the judge needs one.</summary>
public abstract record JudgeMatch(Question Question, JudgeSpec Judge, ModelAnswer? Reference)
{
    /// <summary>Identifies the judgment this match produces, so reruns skip what is already judged.</summary>
    public abstract string Key { get; }

    /// <summary>The placeholder values the reference answer adds (ref_answer_1, ref_answer_2).</summary>
    protected void AddReference(Dictionary<string, string> arguments)
    {
        if (Reference is null) return;
        var turns = Reference.FirstTurns;
        if (turns.Count > 0) arguments["ref_answer_1"] = turns[0];
        if (turns.Count > 1) arguments["ref_answer_2"] = turns[1];
    }

    /// <summary>The key of a judgment already in a file.</summary>
    public static string KeyOf(QuestionId question, string models, JudgeId judge, int turn) =>
        string.Join('\u001f', question.Text, models, judge.Model, judge.PromptName, turn);
}

/// <summary>One answer graded alone.</summary>
public sealed record SingleMatch(Question Question, string Model, ModelAnswer Answer, JudgeSpec Judge, ModelAnswer? Reference)
    : JudgeMatch(Question, Judge, Reference)
{
    /// <inheritdoc/>
    public override string Key => KeyOf(Question.QuestionId, Model, Judge.Id, Judge.Turn);

    /// <summary>The judge prompt filled as FastChat's run_judge_single fills it.</summary>
    public string UserPrompt()
    {
        var turns = Answer.FirstTurns;
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Judge.MultiTurn)
        {
            arguments["question_1"] = Question.Turns[0];
            arguments["question_2"] = Question.Turns[1];
            arguments["answer_1"] = turns[0];
            arguments["answer_2"] = turns[1];
        }
        else
        {
            arguments["question"] = Question.Turns[0];
            arguments["answer"] = turns[0];
        }
        AddReference(arguments);
        return PythonFormat.Format(Judge.Prompt.PromptTemplate, arguments);
    }
}

/// <summary>Two answers compared; played in both orders.</summary>
public sealed record PairMatch(Question Question, string Model1, string Model2, ModelAnswer Answer1, ModelAnswer Answer2, JudgeSpec Judge, ModelAnswer? Reference)
    : JudgeMatch(Question, Judge, Reference)
{
    /// <inheritdoc/>
    public override string Key => KeyOf(Question.QuestionId, Model1 + '\u001f' + Model2, Judge.Id, Judge.Turn);

    /// <summary>The judge prompt with <paramref name="a"/> as assistant A and <paramref name="b"/> as B (run_judge_pair).</summary>
    public string UserPrompt(ModelAnswer a, ModelAnswer b)
    {
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Judge.MultiTurn)
        {
            arguments["question_1"] = Question.Turns[0];
            arguments["question_2"] = Question.Turns[1];
            arguments["answer_a_1"] = a.FirstTurns[0];
            arguments["answer_b_1"] = b.FirstTurns[0];
            arguments["answer_a_2"] = a.FirstTurns[1];
            arguments["answer_b_2"] = b.FirstTurns[1];
        }
        else
        {
            arguments["question"] = Question.Turns[0];
            arguments["answer_a"] = a.FirstTurns[0];
            arguments["answer_b"] = b.FirstTurns[0];
        }
        AddReference(arguments);
        return PythonFormat.Format(Judge.Prompt.PromptTemplate, arguments);
    }
}
