using System.Globalization;
using System.Text;

namespace FastChat.Conversation.Jinja;

/// <summary>The Python string and dict methods chat templates call (<c>content.strip()</c>, <c>d.items()</c>, ...).</summary>
internal static class Methods
{
    private static readonly HashSet<string> StringMethods =
    [
        "strip", "lstrip", "rstrip", "split", "rsplit", "splitlines", "startswith", "endswith", "upper", "lower", "title",
        "capitalize", "replace", "format", "join", "find", "rfind", "count", "isdigit", "isalpha", "isalnum", "isspace",
        "isupper", "islower",
    ];

    private static readonly HashSet<string> DictMethods = ["items", "keys", "values", "get"];

    public static bool IsStringMethod(string name) => StringMethods.Contains(name);

    public static bool IsDictMethod(string name) => DictMethods.Contains(name);

    public static object? Call(object target, string name, Arguments args) => target switch
    {
        string s => CallString(s, name, args),
        Dictionary<string, object?> d => CallDict(d, name, args),
        _ => throw new JinjaError($"'{Values.TypeName(target)}' object has no method '{name}'"),
    };

    private static object? CallDict(Dictionary<string, object?> d, string name, Arguments args)
    {
        switch (name)
        {
            case "items":
                {
                    var list = new List<object?>(d.Count);
                    foreach (var (k, v) in d) list.Add(new List<object?> { k, v });
                    return list;
                }
            case "keys": return new List<object?>(d.Keys);
            case "values": return new List<object?>(d.Values);
            case "get":
                return args.Count > 0 && args[0] is string key && d.TryGetValue(key, out var value) ? value : args.Get(1, "default");
            default: throw new JinjaError($"'dict' object has no attribute '{name}'");
        }
    }

    private static object? CallString(string s, string name, Arguments args)
    {
        switch (name)
        {
            case "strip": return Strip(s, args.Get(0, "chars"), true, true);
            case "lstrip": return Strip(s, args.Get(0, "chars"), true, false);
            case "rstrip": return Strip(s, args.Get(0, "chars"), false, true);
            case "split": return Split(s, args.Get(0, "sep"), args.Get(1, "maxsplit", -1L));
            case "rsplit": return Split(s, args.Get(0, "sep"), -1L);
            case "splitlines": return new List<object?>(s.Split('\n').Select(l => (object?)l.TrimEnd('\r')).SkipLastIfEmpty());
            case "startswith": return Affix(s, args.Get(0, "prefix"), (x, p) => x.StartsWith(p, StringComparison.Ordinal));
            case "endswith": return Affix(s, args.Get(0, "suffix"), (x, p) => x.EndsWith(p, StringComparison.Ordinal));
            case "upper": return s.ToUpperInvariant();
            case "lower": return s.ToLowerInvariant();
            case "title": return PythonTitle(s);
            case "capitalize": return s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant();
            case "replace":
                return Replace(s, ArgString(args.Get(0, "old"), "replace"), ArgString(args.Get(1, "new"), "replace"), args.Get(2, "count", -1L));
            case "format": return StrFormat(s, args);
            case "join": return string.Join(s, Values.Iterate(args.Get(0, "iterable")).Select(Values.ToStr));
            case "find": return (long)s.IndexOf(ArgString(args.Get(0, "sub"), "find"), StringComparison.Ordinal);
            case "rfind": return (long)s.LastIndexOf(ArgString(args.Get(0, "sub"), "rfind"), StringComparison.Ordinal);
            case "count":
                {
                    var sub = ArgString(args.Get(0, "sub"), "count");
                    if (sub.Length == 0) return Values.CodePointCount(s) + 1;
                    long n = 0;
                    for (var i = s.IndexOf(sub, StringComparison.Ordinal); i >= 0; i = s.IndexOf(sub, i + sub.Length, StringComparison.Ordinal)) n++;
                    return n;
                }
            case "isdigit": return s.Length > 0 && s.All(char.IsDigit);
            case "isalpha": return s.Length > 0 && s.All(char.IsLetter);
            case "isalnum": return s.Length > 0 && s.All(char.IsLetterOrDigit);
            case "isspace": return s.Length > 0 && s.All(char.IsWhiteSpace);
            case "isupper": return s.Any(char.IsLetter) && !s.Any(char.IsLower);
            case "islower": return s.Any(char.IsLetter) && !s.Any(char.IsUpper);
            default: throw new JinjaError($"'str' object has no attribute '{name}'");
        }
    }

    private static IEnumerable<object?> SkipLastIfEmpty(this IEnumerable<object?> lines)
    {
        var list = lines.ToList();
        if (list.Count > 0 && (string)list[^1]! == "") list.RemoveAt(list.Count - 1);
        return list;
    }

    private static string ArgString(object? value, string method) =>
        value as string ?? throw new JinjaError($"{method}() argument must be str, not {Values.TypeName(value)}");

    /// <summary>Python's strip family: whitespace by default, else any of <paramref name="chars"/>.</summary>
    public static string Strip(string s, object? chars, bool left, bool right)
    {
        if (chars is null or Undefined)
        {
            if (left && right) return s.Trim();
            return left ? s.TrimStart() : s.TrimEnd();
        }
        var set = ArgString(chars, "strip").ToCharArray();
        if (left && right) return s.Trim(set);
        return left ? s.TrimStart(set) : s.TrimEnd(set);
    }

    private static List<object?> Split(string s, object? sep, object? maxSplit)
    {
        var max = maxSplit is long m ? m : -1;
        var result = new List<object?>();
        if (sep is null or Undefined)
        {
            // Python: runs of whitespace separate, leading/trailing whitespace yields no empty pieces.
            var i = 0;
            while (true)
            {
                while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
                if (i >= s.Length) break;
                if (max >= 0 && result.Count == max) { result.Add(s[i..].TrimEnd()); break; }
                var start = i;
                while (i < s.Length && !char.IsWhiteSpace(s[i])) i++;
                result.Add(s[start..i]);
            }
            return result;
        }
        var separator = ArgString(sep, "split");
        if (separator.Length == 0) throw new JinjaError("empty separator");
        var from = 0;
        while (max < 0 || result.Count < max)
        {
            var at = s.IndexOf(separator, from, StringComparison.Ordinal);
            if (at < 0) break;
            result.Add(s[from..at]);
            from = at + separator.Length;
        }
        result.Add(s[from..]);
        return result;
    }

    private static bool Affix(string s, object? affix, Func<string, string, bool> test) => affix switch
    {
        string p => test(s, p),
        List<object?> options => options.Any(o => o is string p && test(s, p)),
        _ => throw new JinjaError($"argument must be str or a tuple of str, not {Values.TypeName(affix)}"),
    };

    public static string Replace(string s, string old, string replacement, object? count)
    {
        var max = count is long c ? c : -1;
        if (max < 0) return old.Length == 0 ? InsertEverywhere(s, replacement) : s.Replace(old, replacement, StringComparison.Ordinal);
        var sb = new StringBuilder();
        var from = 0;
        for (var n = 0; n < max; n++)
        {
            var at = s.IndexOf(old, from, StringComparison.Ordinal);
            if (at < 0 || old.Length == 0) break;
            sb.Append(s, from, at - from).Append(replacement);
            from = at + old.Length;
        }
        return sb.Append(s, from, s.Length - from).ToString();
    }

    private static string InsertEverywhere(string s, string insert)
    {
        var sb = new StringBuilder(insert);
        foreach (var piece in Values.ToRunes(s)) sb.Append((string)piece!).Append(insert);
        return sb.ToString();
    }

    /// <summary>Python's <c>str.title()</c>: upper-case a letter after a non-letter, lower-case the others.</summary>
    public static string PythonTitle(string s)
    {
        var sb = new StringBuilder(s.Length);
        var previousIsLetter = false;
        foreach (var c in s)
        {
            sb.Append(previousIsLetter ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c));
            previousIsLetter = char.IsLetter(c);
        }
        return sb.ToString();
    }

    /// <summary>Python's <c>str.format</c> with <c>{}</c>, <c>{0}</c>, <c>{name}</c> and escaped braces (no format specs).</summary>
    private static string StrFormat(string format, Arguments args)
    {
        var sb = new StringBuilder(format.Length + 16);
        var auto = 0;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '{' && i + 1 < format.Length && format[i + 1] == '{') { sb.Append('{'); i++; continue; }
            if (c == '}' && i + 1 < format.Length && format[i + 1] == '}') { sb.Append('}'); i++; continue; }
            if (c != '{') { sb.Append(c); continue; }
            var close = format.IndexOf('}', i);
            if (close < 0) throw new JinjaError("Single '{' encountered in format string");
            var field = format[(i + 1)..close];
            if (field.Contains(':') || field.Contains('!')) throw new JinjaError($"format spec '{field}' is not supported");
            object? value;
            if (field.Length == 0) value = args.Count > auto ? args[auto++] : throw new JinjaError("Replacement index out of range");
            else if (int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                value = args.Count > index ? args[index] : throw new JinjaError("Replacement index out of range");
            else value = args.Has(-1, field) ? args.Get(-1, field) : throw new JinjaError($"KeyError: '{field}'");
            sb.Append(Values.ToStr(value));
            i = close;
        }
        return sb.ToString();
    }
}
