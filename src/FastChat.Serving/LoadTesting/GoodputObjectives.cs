using System.Globalization;

namespace FastChat.Serving.LoadTesting;

/// <summary>
/// Service-level objectives for goodput, as vLLM's --goodput takes them ("ttft:200 tpot:50 e2el:2000", milliseconds):
/// a request is good when every objective given holds.
/// </summary>
public sealed record GoodputObjectives(double? TimeToFirstTokenMs = null, double? TimePerOutputTokenMs = null, double? EndToEndLatencyMs = null)
{
    /// <summary>True when no objective is set (goodput is then not reported).</summary>
    public bool IsEmpty => TimeToFirstTokenMs is null && TimePerOutputTokenMs is null && EndToEndLatencyMs is null;

    /// <summary>Parses "KEY:MS" items (keys ttft, tpot, e2el), separated by spaces or commas.</summary>
    /// <exception cref="FormatException">An item is not KEY:MS, the key is unknown, or the value is not a non-negative number.</exception>
    public static GoodputObjectives Parse(IEnumerable<string> items)
    {
        var objectives = new GoodputObjectives();
        foreach (var item in items.SelectMany(i => i.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries)))
        {
            var parts = item.Split(':');
            if (parts.Length != 2 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) || ms < 0 || !double.IsFinite(ms))
                throw new FormatException($"goodput objective '{item}' is not KEY:MILLISECONDS (keys ttft, tpot, e2el)");
            objectives = parts[0].ToLowerInvariant() switch
            {
                "ttft" => objectives with { TimeToFirstTokenMs = ms },
                "tpot" => objectives with { TimePerOutputTokenMs = ms },
                "e2el" => objectives with { EndToEndLatencyMs = ms },
                _ => throw new FormatException($"unknown goodput key '{parts[0]}' (use ttft, tpot or e2el)"),
            };
        }
        return objectives;
    }

    /// <summary>True when the successful <paramref name="result"/> meets every objective.</summary>
    public bool IsMetBy(RequestResult result) =>
        result.Success
        && (TimeToFirstTokenMs is not { } ttft || result.TimeToFirstToken * 1000 <= ttft)
        && (TimePerOutputTokenMs is not { } tpot || result.TimePerOutputToken * 1000 <= tpot)
        && (EndToEndLatencyMs is not { } e2el || result.Latency * 1000 <= e2el);

    /// <inheritdoc />
    public override string ToString() => string.Join(' ', new[]
    {
        TimeToFirstTokenMs is { } a ? $"ttft:{a.ToString(CultureInfo.InvariantCulture)}" : null,
        TimePerOutputTokenMs is { } b ? $"tpot:{b.ToString(CultureInfo.InvariantCulture)}" : null,
        EndToEndLatencyMs is { } c ? $"e2el:{c.ToString(CultureInfo.InvariantCulture)}" : null,
    }.Where(s => s is not null));
}
