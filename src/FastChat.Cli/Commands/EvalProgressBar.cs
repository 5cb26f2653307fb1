using FastChat.Evaluation.Answers;

namespace FastChat.Cli.Commands;

/// <summary>A one-line text progress bar on the error writer: redrawn in place on a terminal, a line per 10% otherwise.</summary>
internal sealed class EvalProgressBar(TextWriter writer, string label) : IProgress<RunProgress>
{
    private const int Width = 30;
    private readonly object _gate = new();
    private readonly bool _terminal = ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected;
    private int _lastDecile = -1;

    public void Report(RunProgress value)
    {
        lock (_gate)
        {
            var fraction = value.Total == 0 ? 1 : (double)value.Done / value.Total;
            var decile = (int)(fraction * 10);
            if (!_terminal && decile == _lastDecile && value.Done != value.Total) return;
            _lastDecile = decile;
            var filled = (int)Math.Round(fraction * Width);
            var line = $"{label} [{new string('#', filled)}{new string('.', Width - filled)}] {value.Done}/{value.Total}"
                       + (value.Failed > 0 ? $" ({value.Failed} failed)" : "");
            if (_terminal) writer.Write("\r" + line + (value.Done == value.Total ? "\n" : ""));
            else writer.WriteLine(line);
        }
    }
}
