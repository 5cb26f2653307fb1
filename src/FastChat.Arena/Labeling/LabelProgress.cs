namespace FastChat.Arena.Labeling;

/// <summary>Where a labelling run stands.</summary>
/// <param name="Done">Records written in this run.</param>
/// <param name="Total">Records this run has to label (already-labelled ones excluded).</param>
/// <param name="Failed">Records with at least one category whose call failed after retries (written, marked).</param>
/// <param name="Unparsed">Category answers without a readable verdict (labelled false as FastChat does).</param>
/// <param name="Elapsed">Time since the run started.</param>
public sealed record LabelProgress(int Done, int Total, int Failed, int Unparsed, TimeSpan Elapsed)
{
    /// <summary>Records per second so far.</summary>
    public double Rate => Elapsed.TotalSeconds > 0 ? Done / Elapsed.TotalSeconds : 0;
}

/// <summary>Outcome of a labelling run.</summary>
/// <param name="AlreadyLabelled">Records skipped because the output already held them (resume).</param>
/// <param name="Labelled">Records written in this run.</param>
/// <param name="Failed">Written records marked with label_errors.</param>
/// <param name="Unparsed">Answers without a readable verdict.</param>
/// <param name="Retries">Calls retried.</param>
/// <param name="Elapsed">Run time.</param>
public sealed record LabelRunSummary(int AlreadyLabelled, int Labelled, int Failed, int Unparsed, int Retries, TimeSpan Elapsed);
