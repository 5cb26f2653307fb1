using System.Text;

namespace FastChat.Conversation.Jinja;

/// <summary>Jinja's undefined value: renders as nothing, is falsy, iterates as empty.</summary>
internal sealed class Undefined
{
    public static readonly Undefined Instance = new();

    private Undefined() { }

    public override string ToString() => "";
}

/// <summary>A runtime error without a position; the node that catches it adds construct and position.</summary>
internal sealed class JinjaError(string message) : Exception(message);

/// <summary>Jinja's <c>namespace(...)</c>: attributes that <c>set ns.x = ...</c> may change from inside loops.</summary>
internal sealed class Namespace
{
    public Dictionary<string, object?> Values { get; } = new(StringComparer.Ordinal);
}

/// <summary>A builtin callable (a global function such as <c>range</c> or <c>raise_exception</c>).</summary>
internal sealed class BuiltinFunction(string name, Func<RenderState, Arguments, object?> invoke)
{
    public string Name { get; } = name;

    public object? Invoke(RenderState state, Arguments args) => invoke(state, args);
}

/// <summary>A method looked up on a value (<c>text.strip</c>, <c>dict.items</c>) but not yet called.</summary>
internal sealed class BoundMethod(object target, string name)
{
    public object Target { get; } = target;

    public string Name { get; } = name;
}

/// <summary>Call arguments: positional values, then keyword values.</summary>
internal readonly struct Arguments(List<object?>? positional, List<KeyValuePair<string, object?>>? named)
{
    public static readonly Arguments None = new(null, null);

    public int Count => positional?.Count ?? 0;

    public List<object?> Positional => positional ?? [];

    public List<KeyValuePair<string, object?>> Named => named ?? [];

    public object? this[int index] => positional![index];

    /// <summary>The argument at <paramref name="index"/> or named <paramref name="name"/>, else <paramref name="fallback"/>.</summary>
    public object? Get(int index, string name, object? fallback = null)
    {
        if (named is not null)
            foreach (var pair in named)
                if (pair.Key == name) return pair.Value;
        return positional is not null && index >= 0 && index < positional.Count ? positional[index] : fallback;
    }

    public bool Has(int index, string name)
    {
        if (named is not null)
            foreach (var pair in named)
                if (pair.Key == name) return true;
        return positional is not null && index >= 0 && index < positional.Count;
    }
}

/// <summary>Variables of one scope; a lookup falls back to the enclosing scopes.</summary>
internal sealed class Scope(Scope? parent)
{
    private readonly Dictionary<string, object?> _variables = new(StringComparer.Ordinal);

    public Scope? Parent { get; } = parent;

    public object? Get(string name)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
            if (scope._variables.TryGetValue(name, out var value)) return value;
        return Undefined.Instance;
    }

    public void Set(string name, object? value) => _variables[name] = value;
}

/// <summary>The <c>loop</c> variable of a for loop.</summary>
internal sealed class LoopContext(List<object?> items)
{
    public int Index0 { get; set; }

    public object? Get(string name) => name switch
    {
        "index" => (long)Index0 + 1,
        "index0" => (long)Index0,
        "revindex" => (long)(items.Count - Index0),
        "revindex0" => (long)(items.Count - Index0 - 1),
        "first" => Index0 == 0,
        "last" => Index0 == items.Count - 1,
        "length" => (long)items.Count,
        "depth" => 1L,
        "depth0" => 0L,
        "previtem" => Index0 > 0 ? items[Index0 - 1] : Undefined.Instance,
        "nextitem" => Index0 + 1 < items.Count ? items[Index0 + 1] : Undefined.Instance,
        "cycle" => new BuiltinFunction("loop.cycle", (_, args) => args.Count == 0 ? Undefined.Instance : args[Index0 % args.Count]),
        _ => Undefined.Instance,
    };
}

/// <summary>Where rendering writes and which scope it reads.</summary>
internal sealed class RenderState(Scope scope, StringBuilder output)
{
    public const int MaxDepth = 200;

    public StringBuilder Output { get; set; } = output;

    public Scope Scope { get; set; } = scope;

    public Scope Root { get; } = scope;

    public int Depth { get; set; }

    /// <summary>The clock <c>strftime_now</c> reads (fixed by tests, the local time otherwise).</summary>
    public DateTime Now { get; init; } = DateTime.Now;
}
