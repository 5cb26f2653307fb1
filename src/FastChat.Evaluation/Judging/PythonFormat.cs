using System.Text;

namespace FastChat.Evaluation.Judging;

/// <summary>
/// Python's <c>str.format</c> with keyword arguments, as FastChat fills judge prompts: <c>{name}</c> is replaced,
/// <c>{{</c> and <c>}}</c> are literal braces, and unused arguments are ignored.
/// </summary>
public static class PythonFormat
{
    /// <exception cref="FormatException">A placeholder has no value, or a brace is unmatched (Python raises too).</exception>
    public static string Format(string template, IReadOnlyDictionary<string, string> arguments)
    {
        var result = new StringBuilder(template.Length + arguments.Values.Sum(v => v.Length));
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '{')
            {
                if (i + 1 < template.Length && template[i + 1] == '{') { result.Append('{'); i++; continue; }
                var close = template.IndexOf('}', i + 1);
                if (close < 0) throw new FormatException($"single '{{' at {i} in the judge prompt");
                var name = template[(i + 1)..close];
                if (name.Length == 0 || name.Contains(':') || name.Contains('!'))
                    throw new FormatException($"unsupported placeholder '{{{name}}}' in the judge prompt");
                if (!arguments.TryGetValue(name, out var value))
                    throw new FormatException($"the judge prompt needs '{name}', which this match does not have");
                result.Append(value);
                i = close;
            }
            else if (c == '}')
            {
                if (i + 1 < template.Length && template[i + 1] == '}') { result.Append('}'); i++; continue; }
                throw new FormatException($"single '}}' at {i} in the judge prompt");
            }
            else result.Append(c);
        }
        return result.ToString();
    }
}
