namespace FastChat.Evaluation.Data;

/// <summary>FastChat's file layout inside one bench folder (data/BENCH/ in llm_judge).</summary>
/// <param name="Directory">The bench folder, e.g. ../shared/fastchat-data/mt_bench.</param>
public sealed record BenchPaths(string Directory)
{
    /// <summary>question.jsonl.</summary>
    public string QuestionFile => Path.Combine(Directory, "question.jsonl");

    /// <summary>model_answer/.</summary>
    public string AnswerDirectory => Path.Combine(Directory, "model_answer");

    /// <summary>reference_answer/.</summary>
    public string ReferenceDirectory => Path.Combine(Directory, "reference_answer");

    /// <summary>model_answer/MODEL.jsonl.</summary>
    public string AnswerFile(string modelId) => Path.Combine(AnswerDirectory, modelId + ".jsonl");

    /// <summary>reference_answer/MODEL.jsonl.</summary>
    public string ReferenceFile(string model) => Path.Combine(ReferenceDirectory, model + ".jsonl");

    /// <summary>model_judgment/JUDGE_single.jsonl or JUDGE_pair.jsonl.</summary>
    public string JudgmentFile(string judgeModel, bool pairwise) =>
        Path.Combine(Directory, "model_judgment", judgeModel + (pairwise ? "_pair.jsonl" : "_single.jsonl"));

    /// <summary>judge_prompts.jsonl in the bench folder, else beside it (FastChat keeps it in data/).</summary>
    public string JudgePromptFile
    {
        get
        {
            var inside = Path.Combine(Directory, "judge_prompts.jsonl");
            return File.Exists(inside) ? inside : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(Directory)) ?? Directory, "judge_prompts.jsonl");
        }
    }
}
