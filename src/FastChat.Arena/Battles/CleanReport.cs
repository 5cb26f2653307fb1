namespace FastChat.Arena.Battles;

/// <summary>Why a log record did not become a battle.</summary>
public enum DropReason
{
    /// <summary>A log line that is not JSON or not an object.</summary>
    Malformed,
    /// <summary>"models" missing or null on either side.</summary>
    MissingModelNames,
    /// <summary>One side named and the other not, or a named battle whose hidden names differ from the shown ones.</summary>
    InconsistentModelNames,
    /// <summary>No user message after the conversation's offset.</summary>
    MissingMessages,
    /// <summary>An answer names a model or vendor (<see cref="IdentityWords.Names"/>).</summary>
    IdentityLeak,
    /// <summary>An answer is an arena error banner (<see cref="IdentityWords.Errors"/>).</summary>
    ErrorMessage,
    /// <summary>A model in <see cref="CleanOptions.ExcludeModels"/>.</summary>
    ExcludedModel,
    /// <summary>The voter's IP is banned.</summary>
    BannedIp,
    /// <summary>Named (non-anonymous) battle while only anonymous ones are kept.</summary>
    NotAnonymous,
}

/// <summary>What cleaning kept and dropped.</summary>
public sealed record CleanReport(int Votes, int NonVoteRecords, int Anonymous, IReadOnlyDictionary<DropReason, int> Dropped)
{
    /// <summary>Total records dropped, all reasons together.</summary>
    public int DroppedTotal => Dropped.Values.Sum();

    /// <summary>One line per non-zero reason, e.g. "identity leak: 12".</summary>
    public IEnumerable<string> DescribeDrops() =>
        Dropped.Where(kv => kv.Value > 0).OrderByDescending(kv => kv.Value).Select(kv => $"{Describe(kv.Key)}: {kv.Value}");

    /// <summary>Human-readable name of a drop reason.</summary>
    public static string Describe(DropReason reason) => reason switch
    {
        DropReason.Malformed => "malformed record",
        DropReason.MissingModelNames => "missing model names",
        DropReason.InconsistentModelNames => "inconsistent model names",
        DropReason.MissingMessages => "missing messages",
        DropReason.IdentityLeak => "identity leak",
        DropReason.ErrorMessage => "error message in answer",
        DropReason.ExcludedModel => "excluded model",
        DropReason.BannedIp => "banned ip",
        _ => "not anonymous",
    };
}

/// <summary>The battles kept (sorted by time) and the report.</summary>
public sealed record CleanResult(IReadOnlyList<Battle> Battles, CleanReport Report);
