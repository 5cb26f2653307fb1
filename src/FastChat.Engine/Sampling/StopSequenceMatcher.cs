namespace FastChat.Engine.Sampling;

/// <summary>
/// Finds stop strings in streamed text without ever emitting them. Each <see cref="Append"/> returns the text that
/// can no longer be part of a stop string; a suffix that is still a prefix of some stop string is held back until
/// the next delta decides it (or <see cref="Flush"/> releases it at the end).
/// </summary>
/// <remarks>
/// The result does not depend on how the text is cut into deltas: it is what a character-by-character check would
/// give. The stop that completes first (earliest end) wins; when several end at the same character, the longest
/// (earliest start) wins. Matching is ordinal (UTF-16 code units); a lone high surrogate at the end of a delta is
/// held back so emitted text never splits a surrogate pair. After a stop, further input is ignored.
/// </remarks>
public sealed class StopSequenceMatcher
{
    private readonly string[] _stops;
    private string _pending = "";
    private StopMatch? _stopped;

    /// <exception cref="ArgumentException">a stop string is null or empty.</exception>
    public StopSequenceMatcher(IReadOnlyList<string> stopSequences)
    {
        ArgumentNullException.ThrowIfNull(stopSequences);
        foreach (var stop in stopSequences)
            if (string.IsNullOrEmpty(stop)) throw new ArgumentException("Stop sequences must be non-empty strings.", "stop");
        _stops = stopSequences.Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Whether a stop string has been seen.</summary>
    public bool IsStopped => _stopped is not null;

    /// <summary>Feeds the next piece of generated text.</summary>
    public StopMatch Append(string delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        if (_stopped is not null) return _stopped.Value with { Text = "" };
        if (_stops.Length == 0) return new StopMatch(delta, false, null);

        var text = _pending + delta;
        if (FindFirstCompleted(text) is { } match)
        {
            _pending = "";
            _stopped = new StopMatch(text[..match.Start], true, match.Stop);
            return _stopped.Value;
        }
        var keep = HeldBackLength(text);
        _pending = text[^keep..];
        return new StopMatch(text[..^keep], false, null);
    }

    /// <summary>The text still held back, at the end of generation; empty after a stop.</summary>
    public string Flush()
    {
        var rest = _pending;
        _pending = "";
        return _stopped is null ? rest : "";
    }

    private (int Start, string Stop)? FindFirstCompleted(string text)
    {
        (int Start, int End, string Stop)? best = null;
        foreach (var stop in _stops)
        {
            var start = text.IndexOf(stop, StringComparison.Ordinal);
            if (start < 0) continue;
            var end = start + stop.Length;
            if (best is null || end < best.Value.End || (end == best.Value.End && start < best.Value.Start))
                best = (start, end, stop);
        }
        return best is { } found ? (found.Start, found.Stop) : null;
    }

    /// <summary>Length of the longest suffix that could still grow into a stop string (plus a dangling high surrogate).</summary>
    private int HeldBackLength(string text)
    {
        var longest = 0;
        foreach (var stop in _stops)
        {
            for (var length = Math.Min(stop.Length - 1, text.Length); length > longest; length--)
            {
                if (text.AsSpan(text.Length - length).SequenceEqual(stop.AsSpan(0, length)))
                {
                    longest = length;
                    break;
                }
            }
        }
        if (longest < text.Length && char.IsHighSurrogate(text[text.Length - 1 - longest])) longest++;
        return longest;
    }
}
