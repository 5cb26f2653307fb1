using System.Globalization;
using System.Text;

namespace FastChat.Conversation.Jinja;

/// <summary>Python/Jinja semantics over the runtime values (null, Undefined, bool, long, double, string, lists, dicts).</summary>
internal static class Values
{
    public static bool IsTruthy(object? value) => value switch
    {
        null or Undefined => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        List<object?> list => list.Count > 0,
        Dictionary<string, object?> dict => dict.Count > 0,
        _ => true,
    };

    public static bool IsNumber(object? value) => value is long or double;

    public static string TypeName(object? value) => value switch
    {
        null => "NoneType",
        Undefined => "Undefined",
        bool => "bool",
        long => "int",
        double => "float",
        string => "str",
        List<object?> => "list",
        Dictionary<string, object?> => "dict",
        Namespace => "Namespace",
        LoopContext => "LoopContext",
        _ => value.GetType().Name,
    };

    /// <summary>Python's <c>str(value)</c> (Undefined renders as nothing).</summary>
    public static string ToStr(object? value) => value switch
    {
        string s => s,
        null => "None",
        Undefined => "",
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => FormatFloat(d),
        _ => Repr(value),
    };

    /// <summary>Python's <c>repr(value)</c>.</summary>
    public static string Repr(object? value)
    {
        switch (value)
        {
            case string s: return ReprString(s);
            case List<object?> list:
                {
                    var sb = new StringBuilder("[");
                    for (var i = 0; i < list.Count; i++) sb.Append(i == 0 ? "" : ", ").Append(Repr(list[i]));
                    return sb.Append(']').ToString();
                }
            case Dictionary<string, object?> dict:
                {
                    var sb = new StringBuilder("{");
                    var first = true;
                    foreach (var (k, v) in dict)
                    {
                        sb.Append(first ? "" : ", ").Append(ReprString(k)).Append(": ").Append(Repr(v));
                        first = false;
                    }
                    return sb.Append('}').ToString();
                }
            case Namespace ns: return "<Namespace " + Repr(ns.Values) + ">";
            case null or Undefined or bool or long or double: return value is Undefined ? "Undefined" : ToStr(value);
            default: return value.ToString() ?? "";
        }
    }

    private static string ReprString(string s)
    {
        var quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        var sb = new StringBuilder(s.Length + 2).Append(quote);
        foreach (var c in s)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c == quote) sb.Append('\\').Append(c);
                    else if (c < 0x20 || c == 0x7f) sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append(quote).ToString();
    }

    /// <summary>Python's float repr: shortest round-trip digits, always a '.0' or an exponent.</summary>
    public static string FormatFloat(double d)
    {
        if (double.IsNaN(d)) return "nan";
        if (double.IsPositiveInfinity(d)) return "inf";
        if (double.IsNegativeInfinity(d)) return "-inf";
        if (d == Math.Floor(d) && Math.Abs(d) < 1e16) return d.ToString("F0", CultureInfo.InvariantCulture) + ".0";
        var text = d.ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E');
        if (e < 0) return text;
        var mantissa = text[..e];
        var exponent = int.Parse(text.AsSpan(e + 1), CultureInfo.InvariantCulture);
        if (exponent is >= -4 and < 16) return d.ToString("0.###################", CultureInfo.InvariantCulture);
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
    }

    public static bool PyEquals(object? a, object? b)
    {
        switch (a)
        {
            case null: return b is null;
            case Undefined: return b is Undefined;
            case string s: return b is string t && string.Equals(s, t, StringComparison.Ordinal);
            case long or double or bool when b is long or double or bool: return ToDouble(a) == ToDouble(b);
            case List<object?> x when b is List<object?> y:
                if (x.Count != y.Count) return false;
                for (var i = 0; i < x.Count; i++) if (!PyEquals(x[i], y[i])) return false;
                return true;
            case Dictionary<string, object?> x when b is Dictionary<string, object?> y:
                if (x.Count != y.Count) return false;
                foreach (var (k, v) in x) if (!y.TryGetValue(k, out var w) || !PyEquals(v, w)) return false;
                return true;
            default: return ReferenceEquals(a, b) || Equals(a, b);
        }
    }

    /// <summary>Python ordering for &lt; &gt; &lt;= &gt;= (numbers, strings, lists).</summary>
    public static int Compare(object? a, object? b)
    {
        if (a is long or double or bool && b is long or double or bool)
            return a is long x && b is long y ? x.CompareTo(y) : ToDouble(a).CompareTo(ToDouble(b));
        if (a is string s && b is string t) return string.CompareOrdinal(s, t);
        if (a is List<object?> l && b is List<object?> m)
        {
            for (var i = 0; i < Math.Min(l.Count, m.Count); i++)
                if (!PyEquals(l[i], m[i])) return Compare(l[i], m[i]);
            return l.Count.CompareTo(m.Count);
        }
        throw new JinjaError($"'<' not supported between instances of '{TypeName(a)}' and '{TypeName(b)}'");
    }

    public static double ToDouble(object? value) => value switch
    {
        long l => l,
        double d => d,
        bool b => b ? 1 : 0,
        _ => throw new JinjaError($"expected a number, got '{TypeName(value)}'"),
    };

    public static object? Add(object? a, object? b)
    {
        if (a is string s && b is string t) return string.Concat(s, t);
        if (a is long x && b is long y) return x + y;
        if (IsNumeric(a) && IsNumeric(b)) return ToDouble(a) + ToDouble(b);
        if (a is List<object?> l && b is List<object?> m) return new List<object?>(l.Count + m.Count).Also(r => { r.AddRange(l); r.AddRange(m); });
        throw Unsupported("+", a, b);
    }

    public static object? Subtract(object? a, object? b)
    {
        if (a is long x && b is long y) return x - y;
        if (IsNumeric(a) && IsNumeric(b)) return ToDouble(a) - ToDouble(b);
        throw Unsupported("-", a, b);
    }

    public static object? Multiply(object? a, object? b)
    {
        if (a is long x && b is long y) return x * y;
        if (a is string s && b is long n) return n <= 0 ? "" : new StringBuilder(s.Length * (int)n).Insert(0, s, (int)n).ToString();
        if (a is List<object?> list && b is long k)
        {
            var result = new List<object?>();
            for (var i = 0; i < k; i++) result.AddRange(list);
            return result;
        }
        if (IsNumeric(a) && IsNumeric(b)) return ToDouble(a) * ToDouble(b);
        throw Unsupported("*", a, b);
    }

    public static object? Divide(object? a, object? b)
    {
        if (!IsNumeric(a) || !IsNumeric(b)) throw Unsupported("/", a, b);
        var divisor = ToDouble(b);
        if (divisor == 0) throw new JinjaError("division by zero");
        return ToDouble(a) / divisor;
    }

    public static object? FloorDivide(object? a, object? b)
    {
        if (a is long x && b is long y)
        {
            if (y == 0) throw new JinjaError("integer division or modulo by zero");
            return (long)Math.Floor((double)x / y);
        }
        if (!IsNumeric(a) || !IsNumeric(b)) throw Unsupported("//", a, b);
        var divisor = ToDouble(b);
        if (divisor == 0) throw new JinjaError("float floor division by zero");
        return Math.Floor(ToDouble(a) / divisor);
    }

    public static object? Modulo(object? a, object? b)
    {
        if (a is string format) return PercentFormat.Apply(format, b);
        if (a is long x && b is long y)
        {
            if (y == 0) throw new JinjaError("integer division or modulo by zero");
            return ((x % y) + y) % y;
        }
        if (!IsNumeric(a) || !IsNumeric(b)) throw Unsupported("%", a, b);
        var d = ToDouble(b);
        if (d == 0) throw new JinjaError("float modulo");
        var n = ToDouble(a);
        return n - d * Math.Floor(n / d);
    }

    public static object? Power(object? a, object? b)
    {
        if (a is long x && b is long y && y >= 0)
        {
            long result = 1;
            for (var i = 0; i < y; i++) result *= x;
            return result;
        }
        if (!IsNumeric(a) || !IsNumeric(b)) throw Unsupported("**", a, b);
        return Math.Pow(ToDouble(a), ToDouble(b));
    }

    public static object? Negate(object? value) => value switch
    {
        long l => (object)(-l),
        double d => (object)(-d),
        bool b => (object)(b ? -1L : 0L),
        _ => throw new JinjaError($"bad operand type for unary -: '{TypeName(value)}'"),
    };

    private static bool IsNumeric(object? value) => value is long or double or bool;

    private static JinjaError Unsupported(string op, object? a, object? b) =>
        new($"unsupported operand type(s) for {op}: '{TypeName(a)}' and '{TypeName(b)}'");

    /// <summary>Python's <c>item in container</c>.</summary>
    public static bool Contains(object? container, object? item)
    {
        switch (container)
        {
            case string s:
                if (item is not string t) throw new JinjaError($"'in <string>' requires string as left operand, not {TypeName(item)}");
                return s.Contains(t, StringComparison.Ordinal);
            case List<object?> list:
                foreach (var element in list) if (PyEquals(element, item)) return true;
                return false;
            case Dictionary<string, object?> dict: return item is string key && dict.ContainsKey(key);
            case Namespace ns: return item is string name && ns.Values.ContainsKey(name);
            case Undefined: return false;
            default: throw new JinjaError($"argument of type '{TypeName(container)}' is not iterable");
        }
    }

    /// <summary><c>obj.name</c>: a key, else a method, else undefined (as Jinja's environment.getattr).</summary>
    public static object? GetAttribute(object? obj, string name)
    {
        switch (obj)
        {
            case Dictionary<string, object?> dict:
                if (dict.TryGetValue(name, out var value)) return value;
                return Methods.IsDictMethod(name) ? new BoundMethod(dict, name) : Undefined.Instance;
            case Namespace ns: return ns.Values.TryGetValue(name, out var nsValue) ? nsValue : Undefined.Instance;
            case LoopContext loop: return loop.Get(name);
            case string s: return Methods.IsStringMethod(name) ? new BoundMethod(s, name) : Undefined.Instance;
            default: return Undefined.Instance;
        }
    }

    /// <summary><c>obj[key]</c>: an item (negative list indexes count from the end), else an attribute, else undefined.</summary>
    public static object? GetItem(object? obj, object? key)
    {
        switch (obj)
        {
            case Dictionary<string, object?> dict when key is string name:
                return dict.TryGetValue(name, out var value) ? value : GetAttribute(obj, name);
            case List<object?> list when key is long index:
                if (index < 0) index += list.Count;
                return index >= 0 && index < list.Count ? list[(int)index] : Undefined.Instance;
            case string s when key is long index:
                {
                    var runes = ToRunes(s);
                    if (index < 0) index += runes.Count;
                    return index >= 0 && index < runes.Count ? runes[(int)index] : Undefined.Instance;
                }
            case not null when key is string attribute: return GetAttribute(obj, attribute);
            default: return Undefined.Instance;
        }
    }

    /// <summary>Python slicing <c>obj[start:stop:step]</c> of a list or string.</summary>
    public static object? Slice(object? obj, object? start, object? stop, object? step)
    {
        var stepValue = step is null or Undefined ? 1 : ToLong(step, "slice step");
        if (stepValue == 0) throw new JinjaError("slice step cannot be zero");
        List<object?> items;
        var isString = false;
        switch (obj)
        {
            case List<object?> list: items = list; break;
            case string s: items = [.. ToRunes(s)]; isString = true; break;
            case Undefined: return Undefined.Instance;
            default: throw new JinjaError($"'{TypeName(obj)}' object is not subscriptable");
        }
        var n = items.Count;
        long Clamp(object? bound, long defaultValue, bool isStart)
        {
            if (bound is null or Undefined) return defaultValue;
            var i = ToLong(bound, "slice index");
            if (i < 0) i += n;
            if (stepValue > 0) return Math.Clamp(i, 0, n);
            return Math.Clamp(i, -1, n - 1);
        }
        var from = Clamp(start, stepValue > 0 ? 0 : n - 1, true);
        var to = Clamp(stop, stepValue > 0 ? n : -1, false);
        var result = new List<object?>();
        for (var i = from; stepValue > 0 ? i < to : i > to; i += stepValue) result.Add(items[(int)i]);
        if (!isString) return result;
        var sb = new StringBuilder();
        foreach (var piece in result) sb.Append((string)piece!);
        return sb.ToString();
    }

    public static long ToLong(object? value, string what) => value switch
    {
        long l => l,
        bool b => b ? 1 : 0,
        _ => throw new JinjaError($"{what} must be an integer, not '{TypeName(value)}'"),
    };

    /// <summary>The elements a for loop or filter walks: list items, dict keys, string characters.</summary>
    public static List<object?> Iterate(object? value) => value switch
    {
        List<object?> list => list,
        Dictionary<string, object?> dict => [.. dict.Keys],
        string s => [.. ToRunes(s)],
        Undefined => [],
        Namespace ns => [.. ns.Values.Keys],
        _ => throw new JinjaError($"'{TypeName(value)}' object is not iterable"),
    };

    /// <summary>Python's <c>len</c>: strings count code points.</summary>
    public static long Length(object? value) => value switch
    {
        string s => CodePointCount(s),
        List<object?> list => list.Count,
        Dictionary<string, object?> dict => dict.Count,
        Undefined => 0,
        _ => throw new JinjaError($"object of type '{TypeName(value)}' has no len()"),
    };

    public static long CodePointCount(string s)
    {
        long count = s.Length;
        foreach (var c in s) if (char.IsLowSurrogate(c)) count--;
        return count;
    }

    /// <summary>The string's code points, each as a string (Python iterates code points).</summary>
    public static List<object?> ToRunes(string s)
    {
        var result = new List<object?>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { result.Add(s.Substring(i, 2)); i++; }
            else result.Add(s[i].ToString());
        }
        return result;
    }

    private static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
