namespace FastChat.Conversation.Jinja;

/// <summary>The Jinja tests (<c>x is defined</c>, <c>x is equalto y</c>, ...).</summary>
internal static class Tests
{
    public delegate bool Test(object? value, Arguments args);

    private static readonly Dictionary<string, Test> All = new(StringComparer.Ordinal)
    {
        ["defined"] = (v, _) => v is not Undefined,
        ["undefined"] = (v, _) => v is Undefined,
        ["none"] = (v, _) => v is null,
        ["string"] = (v, _) => v is string,
        ["mapping"] = (v, _) => v is Dictionary<string, object?> or Namespace,
        ["iterable"] = (v, _) => v is string or List<object?> or Dictionary<string, object?>,
        ["sequence"] = (v, _) => v is string or List<object?> or Dictionary<string, object?>,
        ["number"] = (v, _) => v is long or double,
        ["integer"] = (v, _) => v is long,
        ["float"] = (v, _) => v is double,
        ["boolean"] = (v, _) => v is bool,
        ["true"] = (v, _) => v is true,
        ["false"] = (v, _) => v is false,
        ["callable"] = (v, _) => v is BuiltinFunction or BoundMethod or Macro,
        ["equalto"] = (v, a) => Values.PyEquals(v, Arg(a)),
        ["eq"] = (v, a) => Values.PyEquals(v, Arg(a)),
        ["=="] = (v, a) => Values.PyEquals(v, Arg(a)),
        ["ne"] = (v, a) => !Values.PyEquals(v, Arg(a)),
        ["!="] = (v, a) => !Values.PyEquals(v, Arg(a)),
        ["sameas"] = (v, a) => v is bool or null ? Values.PyEquals(v, Arg(a)) && v?.GetType() == Arg(a)?.GetType() : ReferenceEquals(v, Arg(a)),
        ["gt"] = (v, a) => Values.Compare(v, Arg(a)) > 0,
        ["greaterthan"] = (v, a) => Values.Compare(v, Arg(a)) > 0,
        [">"] = (v, a) => Values.Compare(v, Arg(a)) > 0,
        ["ge"] = (v, a) => Values.Compare(v, Arg(a)) >= 0,
        [">="] = (v, a) => Values.Compare(v, Arg(a)) >= 0,
        ["lt"] = (v, a) => Values.Compare(v, Arg(a)) < 0,
        ["lessthan"] = (v, a) => Values.Compare(v, Arg(a)) < 0,
        ["<"] = (v, a) => Values.Compare(v, Arg(a)) < 0,
        ["le"] = (v, a) => Values.Compare(v, Arg(a)) <= 0,
        ["<="] = (v, a) => Values.Compare(v, Arg(a)) <= 0,
        ["in"] = (v, a) => Values.Contains(Arg(a), v),
        ["odd"] = (v, _) => Values.ToLong(v, "odd") % 2 != 0,
        ["even"] = (v, _) => Values.ToLong(v, "even") % 2 == 0,
        ["divisibleby"] = (v, a) => Values.ToLong(v, "divisibleby") % Values.ToLong(Arg(a), "divisibleby") == 0,
        ["lower"] = (v, _) => v is string s && s == s.ToLowerInvariant(),
        ["upper"] = (v, _) => v is string s && s == s.ToUpperInvariant(),
    };

    private static object? Arg(Arguments args) =>
        args.Count > 0 ? args[0] : throw new JinjaError("this test needs an argument");

    public static bool TryGet(string name, out Test test) => All.TryGetValue(name, out test!);
}
