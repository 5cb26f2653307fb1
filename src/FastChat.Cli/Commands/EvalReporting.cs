using FastChat.Evaluation.Answers;

namespace FastChat.Cli.Commands;

/// <summary>How the eval verbs report what failed after its retries.</summary>
internal static class EvalReporting
{
    /// <summary>Exit code when some calls failed after all retries (results so far are kept; rerun to resume).</summary>
    public const int PartialFailure = 3;

    /// <summary>Lists each failure on the error writer; returns 0 when there were none, else <see cref="PartialFailure"/>.</summary>
    public static int Failures(CliContext context, IReadOnlyList<RunFailure> failures)
    {
        foreach (var failure in failures)
            context.Error.WriteLine($"failed: {failure.Item} after {failure.Attempts} attempt(s): {failure.Error}");
        if (failures.Count > 0) context.Error.WriteLine($"{failures.Count} failed; rerun the same command to retry them");
        return failures.Count == 0 ? 0 : PartialFailure;
    }
}
