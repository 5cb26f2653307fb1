using System.Globalization;
using System.Text;

namespace FastChat.Conversation.Jinja;

/// <summary>Python's <c>"format" % args</c> (%s, %r, %d, %i, %f, %%, and %(name)s with a dict).</summary>
internal static class PercentFormat
{
    public static string Apply(string format, object? args)
    {
        var positional = args as List<object?>;
        var named = args as Dictionary<string, object?>;
        var next = 0;
        var sb = new StringBuilder(format.Length + 16);
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%') { sb.Append(c); continue; }
            if (++i >= format.Length) throw new JinjaError("incomplete format");
            object? value;
            if (format[i] == '%') { sb.Append('%'); continue; }
            if (format[i] == '(')
            {
                var close = format.IndexOf(')', i);
                if (close < 0 || named is null) throw new JinjaError("format requires a mapping");
                value = named.TryGetValue(format[(i + 1)..close], out var v) ? v : throw new JinjaError($"KeyError: '{format[(i + 1)..close]}'");
                i = close + 1;
            }
            else if (positional is not null)
            {
                if (next >= positional.Count) throw new JinjaError("not enough arguments for format string");
                value = positional[next++];
            }
            else
            {
                if (next++ > 0) throw new JinjaError("not enough arguments for format string");
                value = args;
            }
            if (i >= format.Length) throw new JinjaError("incomplete format");
            switch (format[i])
            {
                case 's': sb.Append(Values.ToStr(value)); break;
                case 'r': sb.Append(Values.Repr(value)); break;
                case 'd' or 'i': sb.Append(((long)Math.Truncate(Values.ToDouble(value))).ToString(CultureInfo.InvariantCulture)); break;
                case 'f': sb.Append(Values.ToDouble(value).ToString("F6", CultureInfo.InvariantCulture)); break;
                default: throw new JinjaError($"unsupported format character '{format[i]}'");
            }
        }
        if (positional is not null && next < positional.Count) throw new JinjaError("not all arguments converted during string formatting");
        return sb.ToString();
    }
}
