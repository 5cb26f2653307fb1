namespace FastChat.Data.IO;

/// <summary>
/// A one-line text progress bar (carriage-return redrawn, at most ten times a second) over a known total, e.g.
/// bytes of an input file. Writes nothing when the total is unknown or the writer is null.
/// </summary>
public sealed class ProgressBar(TextWriter? writer, string label, long total) : IProgress<long>, IDisposable
{
    private const int Width = 30;
    private long _lastDrawTicks;
    private long _value;
    private string _suffix = "";

    /// <summary>Extra text after the bar (e.g. loss and tokens/s); shown at the next redraw.</summary>
    public string Suffix { get => _suffix; set => _suffix = value; }

    /// <inheritdoc />
    public void Report(long value)
    {
        var wasDone = _value >= total;
        _value = value;
        var now = Environment.TickCount64;
        if (value >= total ? wasDone : now - _lastDrawTicks < 100) return; // redraw at most 10 times a second, and 100 % once
        _lastDrawTicks = now;
        Draw();
    }

    private void Draw()
    {
        if (writer is null || total <= 0) return;
        var fraction = Math.Clamp((double)_value / total, 0, 1);
        var filled = (int)(fraction * Width);
        writer.Write($"\r{label} [{new string('#', filled)}{new string('.', Width - filled)}] {fraction,4:P0} {_suffix}");
        writer.Flush();
    }

    /// <summary>Draws the final state and ends the line.</summary>
    public void Dispose()
    {
        if (writer is null || total <= 0) return;
        Draw();
        writer.WriteLine();
    }
}
