using FastChat.Arena.Labeling;

namespace FastChat.Cli.Commands;

/// <summary>A one-line progress bar on stderr: done/total, rate, failed records and unparsed answers.</summary>
internal sealed class ArenaLabelProgressBar(TextWriter writer) : IProgress<LabelProgress>
{
    private readonly Lock _lock = new();
    private DateTime _lastDraw;

    public void Report(LabelProgress value)
    {
        lock (_lock)
        {
            // Redraw at most 10 times a second, and always for the last record.
            if (value.Done < value.Total && DateTime.UtcNow - _lastDraw < TimeSpan.FromMilliseconds(100)) return;
            _lastDraw = DateTime.UtcNow;
            writer.Write("\r" + Render(value));
            if (value.Done == value.Total) writer.WriteLine();
            writer.Flush();
        }
    }

    internal static string Render(LabelProgress value)
    {
        const int width = 30;
        var filled = value.Total == 0 ? width : (int)((long)value.Done * width / value.Total);
        return $"[{new string('#', filled)}{new string('-', width - filled)}] {value.Done}/{value.Total} {value.Rate:F1}/s errors {value.Failed} unparsed {value.Unparsed}";
    }
}
