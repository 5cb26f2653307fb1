using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace FastChat.Conversation.Jinja;

/// <summary>The Jinja filters chat templates use, with Jinja2's semantics.</summary>
internal static partial class Filters
{
    public delegate object? Filter(object? value, Arguments args);

    private static readonly Dictionary<string, Filter> All = new(StringComparer.Ordinal)
    {
        ["trim"] = (v, a) => Methods.Strip(Values.ToStr(v), a.Get(0, "chars"), true, true),
        ["tojson"] = (v, a) => JsonValues.ToJson(v, a.Get(0, "indent") is long indent ? (int)indent : null),
        ["length"] = (v, _) => Values.Length(v),
        ["count"] = (v, _) => Values.Length(v),
        ["upper"] = (v, _) => Values.ToStr(v).ToUpperInvariant(),
        ["lower"] = (v, _) => Values.ToStr(v).ToLowerInvariant(),
        ["title"] = (v, _) => Title(Values.ToStr(v)),
        ["capitalize"] = (v, _) => Values.ToStr(v) is { Length: > 0 } s ? char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant() : "",
        ["default"] = Default,
        ["d"] = Default,
        ["join"] = Join,
        ["first"] = (v, _) => Values.Iterate(v) is { Count: > 0 } items ? items[0] : Undefined.Instance,
        ["last"] = (v, _) => Values.Iterate(v) is { Count: > 0 } items ? items[^1] : Undefined.Instance,
        ["items"] = Items,
        ["dictsort"] = (v, _) => ((List<object?>)Items(v, Arguments.None)!).OrderBy(p => (string)((List<object?>)p!)[0]!, StringComparer.OrdinalIgnoreCase).ToList(),
        ["map"] = Map,
        ["select"] = (v, a) => SelectOrReject(v, a, keep: true, byAttribute: false),
        ["reject"] = (v, a) => SelectOrReject(v, a, keep: false, byAttribute: false),
        ["selectattr"] = (v, a) => SelectOrReject(v, a, keep: true, byAttribute: true),
        ["rejectattr"] = (v, a) => SelectOrReject(v, a, keep: false, byAttribute: true),
        ["replace"] = (v, a) => Methods.Replace(Values.ToStr(v), Values.ToStr(a.Get(0, "old")), Values.ToStr(a.Get(1, "new")), a.Get(2, "count")),
        ["round"] = Round,
        ["int"] = ToInt,
        ["float"] = ToFloat,
        ["string"] = (v, _) => Values.ToStr(v),
        ["safe"] = (v, _) => v,
        ["list"] = (v, _) => new List<object?>(Values.Iterate(v)),
        ["abs"] = (v, _) => v switch { long l => (object)Math.Abs(l), double d => (object)Math.Abs(d), _ => throw new JinjaError($"bad operand type for abs(): '{Values.TypeName(v)}'") },
        ["reverse"] = (v, _) => v is string s ? string.Concat(Values.ToRunes(s).AsEnumerable().Reverse()) : Values.Iterate(v).AsEnumerable().Reverse().ToList(),
        ["sort"] = Sort,
        ["unique"] = Unique,
        ["sum"] = (v, a) => Values.Iterate(v).Aggregate(a.Get(1, "start", 0L), (acc, x) => Values.Add(acc, a.Get(0, "attribute") is string attr ? Values.GetAttribute(x, attr) : x)),
        ["min"] = (v, _) => Values.Iterate(v) is { Count: > 0 } items ? items.Aggregate((x, y) => Values.Compare(y, x) < 0 ? y : x) : Undefined.Instance,
        ["max"] = (v, _) => Values.Iterate(v) is { Count: > 0 } items ? items.Aggregate((x, y) => Values.Compare(y, x) > 0 ? y : x) : Undefined.Instance,
        ["indent"] = Indent,
        ["escape"] = (v, _) => WebUtility.HtmlEncode(Values.ToStr(v)),
        ["e"] = (v, _) => WebUtility.HtmlEncode(Values.ToStr(v)),
        ["wordcount"] = (v, _) => (long)WordRegex().Count(Values.ToStr(v)),
        ["batch"] = Batch,
    };

    public static bool TryGet(string name, out Filter filter) => All.TryGetValue(name, out filter!);

    /// <summary>Jinja's <c>title</c> filter: capitalizes each word after whitespace, '-', '(', '{', '[' or '&lt;'.</summary>
    private static string Title(string s)
    {
        var sb = new StringBuilder(s.Length);
        var wordStart = true;
        foreach (var c in s)
        {
            var separator = char.IsWhiteSpace(c) || c is '-' or '(' or '{' or '[' or '<';
            sb.Append(separator ? c : wordStart ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
            wordStart = separator;
        }
        return sb.ToString();
    }

    private static object? Default(object? value, Arguments args)
    {
        var boolean = Values.IsTruthy(args.Get(1, "boolean", false));
        return value is Undefined || (boolean && !Values.IsTruthy(value)) ? args.Get(0, "default_value", "") : value;
    }

    private static object? Join(object? value, Arguments args)
    {
        var separator = Values.ToStr(args.Get(0, "d", ""));
        var attribute = args.Get(1, "attribute") as string;
        var sb = new StringBuilder();
        var first = true;
        foreach (var item in Values.Iterate(value))
        {
            if (!first) sb.Append(separator);
            first = false;
            sb.Append(Values.ToStr(attribute is null ? item : Values.GetAttribute(item, attribute)));
        }
        return sb.ToString();
    }

    private static object? Items(object? value, Arguments _)
    {
        switch (value)
        {
            case Undefined: return new List<object?>();
            case Dictionary<string, object?> dict:
                {
                    var list = new List<object?>(dict.Count);
                    foreach (var (k, v) in dict) list.Add(new List<object?> { k, v });
                    return list;
                }
            case Namespace ns: return Items(ns.Values, Arguments.None);
            default: throw new JinjaError($"Can only get item pairs from a mapping, not '{Values.TypeName(value)}'");
        }
    }

    private static object? Map(object? value, Arguments args)
    {
        var items = Values.Iterate(value);
        if (args.Get(-1, "attribute") is string attribute)
        {
            var fallback = args.Get(-1, "default", Undefined.Instance);
            return items.Select(item => Values.GetAttribute(item, attribute) is var v && v is Undefined ? fallback : v).ToList();
        }
        if (args.Count == 0 || args[0] is not string filterName) throw new JinjaError("map() needs a filter name or attribute=");
        if (!TryGet(filterName, out var filter)) throw new JinjaError($"no filter named '{filterName}'");
        var rest = new Arguments(args.Positional.Skip(1).ToList(), null);
        return items.Select(item => filter(item, rest)).ToList();
    }

    private static object? SelectOrReject(object? value, Arguments args, bool keep, bool byAttribute)
    {
        var positional = args.Positional;
        var offset = 0;
        string? attribute = null;
        if (byAttribute)
        {
            attribute = positional.Count > 0 ? positional[0] as string : null;
            if (attribute is null) throw new JinjaError("selectattr/rejectattr need an attribute name");
            offset = 1;
        }
        string? testName = positional.Count > offset ? positional[offset] as string : null;
        var testArgs = new Arguments(positional.Skip(offset + 1).ToList(), null);
        Tests.Test? test = null;
        if (testName is not null && !Tests.TryGet(testName, out test)) throw new JinjaError($"no test named '{testName}'");
        var result = new List<object?>();
        foreach (var item in Values.Iterate(value))
        {
            var subject = attribute is null ? item : Values.GetAttribute(item, attribute);
            var passed = test is null ? Values.IsTruthy(subject) : test(subject, testArgs);
            if (passed == keep) result.Add(item);
        }
        return result;
    }

    private static object? Round(object? value, Arguments args)
    {
        var precision = (int)Values.ToLong(args.Get(0, "precision", 0L), "precision");
        var method = Values.ToStr(args.Get(1, "method", "common"));
        var number = Values.ToDouble(value);
        var scale = Math.Pow(10, precision);
        return method switch
        {
            "common" => Math.Round(number * scale, MidpointRounding.AwayFromZero) / scale,
            "floor" => Math.Floor(number * scale) / scale,
            "ceil" => Math.Ceiling(number * scale) / scale,
            _ => throw new JinjaError("method must be common, ceil or floor"),
        };
    }

    private static object? ToInt(object? value, Arguments args)
    {
        var fallback = args.Get(0, "default", 0L);
        switch (value)
        {
            case long: return value;
            case bool b: return b ? 1L : 0L;
            case double d: return double.IsFinite(d) ? (long)Math.Truncate(d) : fallback;
            case string s:
                var text = s.Trim().Replace("_", "");
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed)) return (long)Math.Truncate(parsed);
                return fallback;
            default: return fallback;
        }
    }

    private static object? ToFloat(object? value, Arguments args) => value switch
    {
        long l => (double)l,
        double => value,
        bool b => b ? 1.0 : 0.0,
        string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => args.Get(0, "default", 0.0),
    };

    private static object? Sort(object? value, Arguments args)
    {
        var reverse = Values.IsTruthy(args.Get(0, "reverse", false));
        var caseSensitive = Values.IsTruthy(args.Get(1, "case_sensitive", false));
        var attribute = args.Get(2, "attribute") as string;
        object? Key(object? item)
        {
            var key = attribute is null ? item : Values.GetAttribute(item, attribute);
            return !caseSensitive && key is string s ? s.ToLowerInvariant() : key;
        }
        var sorted = Values.Iterate(value).ToList();
        var comparer = Comparer<object?>.Create((x, y) => Values.Compare(Key(x), Key(y)));
        var ordered = reverse ? sorted.OrderByDescending(x => x, comparer) : sorted.OrderBy(x => x, comparer);
        return ordered.ToList();
    }

    private static object? Unique(object? value, Arguments _)
    {
        var result = new List<object?>();
        foreach (var item in Values.Iterate(value))
            if (!result.Any(seen => Values.PyEquals(seen, item))) result.Add(item);
        return result;
    }

    private static object? Indent(object? value, Arguments args)
    {
        var width = args.Get(0, "width", 4L) is long w ? new string(' ', (int)w) : Values.ToStr(args.Get(0, "width"));
        var first = Values.IsTruthy(args.Get(1, "first", false));
        var blank = Values.IsTruthy(args.Get(2, "blank", false));
        var lines = Values.ToStr(value).Split('\n');
        var sb = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0) sb.Append('\n');
            var indentThis = (i > 0 || first) && (blank || lines[i].Length > 0);
            sb.Append(indentThis ? width : "").Append(lines[i]);
        }
        return sb.ToString();
    }

    private static object? Batch(object? value, Arguments args)
    {
        var size = (int)Values.ToLong(args.Get(0, "linecount"), "batch size");
        if (size <= 0) throw new JinjaError("batch size must be positive");
        return Values.Iterate(value).Chunk(size).Select(chunk => (object?)chunk.ToList()).ToList();
    }

    [GeneratedRegex(@"\w+")]
    private static partial Regex WordRegex();
}
