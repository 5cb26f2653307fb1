using System.Collections.Concurrent;
using System.Text;

namespace FastChat.Data;

/// <summary>
/// Counts of what went through a pipeline: records read, written, and dropped per step and reason, with the first
/// examples of each reason so a user can find them. Nothing is dropped without being counted here.
/// </summary>
public sealed class DataReport
{
    private const int ExamplesPerReason = 3;
    private readonly ConcurrentDictionary<(string Step, string Reason), int> _drops = new();
    private readonly ConcurrentDictionary<(string Step, string Reason), List<string>> _examples = new();

    /// <summary>Records read from the input(s).</summary>
    public long Read { get; internal set; }

    /// <summary>Records written to the output(s).</summary>
    public long Written { get; internal set; }

    /// <summary>Drop counts keyed by (step, reason).</summary>
    public IReadOnlyDictionary<(string Step, string Reason), int> Drops => _drops;

    /// <summary>Total dropped records.</summary>
    public long Dropped => _drops.Values.Sum(v => (long)v);

    /// <summary>Drops of one reason over all steps.</summary>
    public int DroppedFor(string reason) => _drops.Where(kv => kv.Key.Reason == reason).Sum(kv => kv.Value);

    /// <summary>Counts one dropped record; <paramref name="detail"/> (id and why) is kept for the first few of a reason.</summary>
    public void Drop(string step, string reason, string detail)
    {
        _drops.AddOrUpdate((step, reason), 1, (_, n) => n + 1);
        var list = _examples.GetOrAdd((step, reason), _ => []);
        lock (list)
            if (list.Count < ExamplesPerReason) list.Add(detail);
    }

    /// <summary>The first examples recorded for a (step, reason).</summary>
    public IReadOnlyList<string> Examples(string step, string reason) =>
        _examples.TryGetValue((step, reason), out var list) ? list : [];

    /// <summary>A human-readable summary: read, written, then one line per (step, reason) with examples.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        text.AppendLine($"read {Read}, written {Written}, dropped {Dropped}");
        foreach (var ((step, reason), count) in _drops.OrderBy(kv => kv.Key.Step).ThenBy(kv => kv.Key.Reason))
        {
            text.AppendLine($"  {step}: {reason}: {count}");
            foreach (var example in Examples(step, reason)) text.AppendLine($"    e.g. {example}");
        }
        return text.ToString();
    }
}
