using System.Globalization;
using System.Text;

namespace FastChat.Conversation.Jinja;

/// <summary>Global functions every template sees: range, namespace, dict, raise_exception, strftime_now.</summary>
internal static class Globals
{
    public static readonly IReadOnlyDictionary<string, object?> Functions = new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        ["range"] = new BuiltinFunction("range", (_, args) => Range(args)),
        ["namespace"] = new BuiltinFunction("namespace", (_, args) => MakeNamespace(args)),
        ["dict"] = new BuiltinFunction("dict", (_, args) => MakeDict(args)),
        ["raise_exception"] = new BuiltinFunction("raise_exception", (_, args) => throw new RaisedError(Values.ToStr(args.Get(0, "message", "raise_exception called")))),
        ["strftime_now"] = new BuiltinFunction("strftime_now", (state, args) => Strftime(state.Now, Values.ToStr(args.Get(0, "format", "%Y-%m-%d")))),
    };

    private static List<object?> Range(Arguments args)
    {
        long start = 0, stop, step = 1;
        if (args.Count == 1) stop = Values.ToLong(args[0], "range()");
        else if (args.Count is 2 or 3)
        {
            start = Values.ToLong(args[0], "range()");
            stop = Values.ToLong(args[1], "range()");
            if (args.Count == 3) step = Values.ToLong(args[2], "range()");
        }
        else throw new JinjaError($"range expected 1 to 3 arguments, got {args.Count}");
        if (step == 0) throw new JinjaError("range() arg 3 must not be zero");
        var result = new List<object?>();
        for (var i = start; step > 0 ? i < stop : i > stop; i += step)
        {
            result.Add(i);
            if (result.Count > 1_000_000) throw new JinjaError("range is too large");
        }
        return result;
    }

    private static Namespace MakeNamespace(Arguments args)
    {
        var ns = new Namespace();
        foreach (var positional in args.Positional)
        {
            if (positional is not Dictionary<string, object?> dict) throw new JinjaError("namespace() takes keyword arguments or a dict");
            foreach (var (k, v) in dict) ns.Values[k] = v;
        }
        foreach (var (k, v) in args.Named) ns.Values[k] = v;
        return ns;
    }

    private static Dictionary<string, object?> MakeDict(Arguments args)
    {
        var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var positional in args.Positional)
            if (positional is Dictionary<string, object?> source) foreach (var (k, v) in source) dict[k] = v;
        foreach (var (k, v) in args.Named) dict[k] = v;
        return dict;
    }

    /// <summary>Python's strftime for the directives chat templates use (%d %m %Y %y %H %I %M %S %p %b %B %a %A %j, and %-d style no-padding).</summary>
    public static string Strftime(DateTime time, string format)
    {
        var sb = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 >= format.Length) { sb.Append(format[i]); continue; }
            var noPad = format[i + 1] == '-' && i + 2 < format.Length;
            var directive = format[noPad ? i + 2 : i + 1];
            i += noPad ? 2 : 1;
            string Pad(int value, int width) => noPad ? value.ToString(culture) : value.ToString(new string('0', width), culture);
            sb.Append(directive switch
            {
                'd' => Pad(time.Day, 2),
                'm' => Pad(time.Month, 2),
                'Y' => time.Year.ToString(culture),
                'y' => Pad(time.Year % 100, 2),
                'H' => Pad(time.Hour, 2),
                'I' => Pad(time.Hour % 12 == 0 ? 12 : time.Hour % 12, 2),
                'M' => Pad(time.Minute, 2),
                'S' => Pad(time.Second, 2),
                'p' => time.Hour < 12 ? "AM" : "PM",
                'b' => time.ToString("MMM", culture),
                'B' => time.ToString("MMMM", culture),
                'a' => time.ToString("ddd", culture),
                'A' => time.ToString("dddd", culture),
                'j' => Pad(time.DayOfYear, 3),
                '%' => "%",
                _ => "%" + directive,
            });
        }
        return sb.ToString();
    }
}
