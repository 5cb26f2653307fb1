using System.CommandLine;

namespace FastChat.Cli.Commands;

/// <summary>
/// `fastchat eval ...`: FastChat's llm_judge (MT-bench) over OpenAI-compatible endpoints: answer, judge, show,
/// agreement, export-pairwise, and vicuna-review for the original Vicuna evaluation tables.
/// </summary>
public static class EvalCommand
{
    public static Command Create(CliContext context) =>
        new("eval", "LLM-as-a-judge evaluation (MT-bench): generate answers, judge them, show results")
        {
            EvalAnswerCommand.Create(context),
            EvalJudgeCommand.Create(context),
            EvalShowCommand.Create(context),
            EvalAgreementCommand.Create(context),
            EvalExportCommand.Create(context),
            EvalVicunaCommand.Create(context),
        };
}
