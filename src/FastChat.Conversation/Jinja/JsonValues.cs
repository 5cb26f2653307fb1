using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FastChat.Conversation.Jinja;

/// <summary>
/// Converts between runtime values and JSON: <c>tojson</c> writes like Hugging Face's chat-template
/// <c>tojson</c> (Python's <c>json.dumps</c> with <c>ensure_ascii=False</c>, so <c>", "</c> and <c>": "</c>
/// separators and no HTML escaping), and .NET / JSON inputs become lists, dicts and scalars.
/// </summary>
internal static class JsonValues
{
    public static string ToJson(object? value, int? indent)
    {
        var sb = new StringBuilder();
        Write(sb, value, indent, 0);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, object? value, int? indent, int level)
    {
        switch (value)
        {
            case null: sb.Append("null"); break;
            case bool b: sb.Append(b ? "true" : "false"); break;
            case long l: sb.Append(l.ToString(CultureInfo.InvariantCulture)); break;
            case double d:
                sb.Append(double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : Values.FormatFloat(d));
                break;
            case string s: WriteString(sb, s); break;
            case List<object?> list:
                if (list.Count == 0) { sb.Append("[]"); break; }
                sb.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0) sb.Append(indent is null ? ", " : ",");
                    NewLine(sb, indent, level + 1);
                    Write(sb, list[i], indent, level + 1);
                }
                NewLine(sb, indent, level);
                sb.Append(']');
                break;
            case Dictionary<string, object?> dict: WriteObject(sb, dict, indent, level); break;
            case Namespace ns: WriteObject(sb, ns.Values, indent, level); break;
            default: throw new JinjaError($"Object of type {Values.TypeName(value)} is not JSON serializable");
        }
    }

    private static void WriteObject(StringBuilder sb, Dictionary<string, object?> dict, int? indent, int level)
    {
        if (dict.Count == 0) { sb.Append("{}"); return; }
        sb.Append('{');
        var first = true;
        foreach (var (k, v) in dict)
        {
            if (!first) sb.Append(indent is null ? ", " : ",");
            first = false;
            NewLine(sb, indent, level + 1);
            WriteString(sb, k);
            sb.Append(": ");
            Write(sb, v, indent, level + 1);
        }
        NewLine(sb, indent, level);
        sb.Append('}');
    }

    private static void NewLine(StringBuilder sb, int? indent, int level)
    {
        if (indent is { } width) sb.Append('\n').Append(' ', width * level);
    }

    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }

    /// <summary>A JSON document as runtime values (objects keep their key order).</summary>
    public static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Aggregate(new Dictionary<string, object?>(StringComparer.Ordinal), (d, p) => { d[p.Name] = FromJson(p.Value); return d; }),
        JsonValueKind.Array => element.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var l) && !element.GetRawText().AsSpan().ContainsAny(".eE") ? l : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    /// <summary>A .NET value as a runtime value: numbers widen to long/double, dictionaries and sequences are copied.</summary>
    public static object? FromClr(object? value) => value switch
    {
        null or string or bool or long or double or Undefined or Namespace => value,
        int i => (long)i,
        short s => (long)s,
        byte b => (long)b,
        uint u => (long)u,
        float f => (double)f,
        decimal m => (double)m,
        JsonElement e => FromJson(e),
        JsonDocument doc => FromJson(doc.RootElement),
        ChatMessage message => ChatMessages.ToValue(message),
        IDictionary<string, object?> d => d.ToDictionary(p => p.Key, p => FromClr(p.Value), StringComparer.Ordinal),
        IReadOnlyDictionary<string, object?> d => d.ToDictionary(p => p.Key, p => FromClr(p.Value), StringComparer.Ordinal),
        IDictionary d => d.Keys.Cast<object>().ToDictionary(k => k.ToString()!, k => FromClr(d[k]), StringComparer.Ordinal),
        IEnumerable e => e.Cast<object?>().Select(FromClr).ToList(),
        _ => value.ToString(),
    };
}
