using System.Text;

namespace FastChat.Conversation.Jinja;

/// <summary>A parsed construct with its position, able to turn runtime errors into a positioned <see cref="TemplateException"/>.</summary>
internal abstract class Node(int line, int column)
{
    public int Line { get; } = line;

    public int Column { get; } = column;

    public TemplateException Fail(string message, string construct, Exception? inner = null) => new(message, construct, Line, Column, inner);
}

internal abstract class Expr(int line, int column) : Node(line, column)
{
    public abstract object? Eval(RenderState state);
}

/// <summary>raise_exception(...) from a template.</summary>
internal sealed class RaisedError(string message) : Exception(message);

internal sealed class ConstExpr(object? value, int line, int column) : Expr(line, column)
{
    public object? Value { get; } = value;

    public override object? Eval(RenderState state) => Value;
}

internal sealed class NameExpr(string name, int line, int column) : Expr(line, column)
{
    public string Name { get; } = name;

    public override object? Eval(RenderState state) => state.Scope.Get(Name);
}

internal sealed class ListExpr(List<Expr> items, int line, int column) : Expr(line, column)
{
    public List<Expr> Items { get; } = items;

    public override object? Eval(RenderState state)
    {
        var list = new List<object?>(Items.Count);
        foreach (var item in Items) list.Add(item.Eval(state));
        return list;
    }
}

internal sealed class DictExpr(List<(Expr Key, Expr Value)> pairs, int line, int column) : Expr(line, column)
{
    public override object? Eval(RenderState state)
    {
        var dict = new Dictionary<string, object?>(pairs.Count, StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
            dict[key.Eval(state) as string ?? throw Fail("dict keys must be strings", "dict literal")] = value.Eval(state);
        return dict;
    }
}

internal sealed class AttributeExpr(Expr target, string name, int line, int column) : Expr(line, column)
{
    public override object? Eval(RenderState state) => Values.GetAttribute(target.Eval(state), name);
}

internal sealed class ItemExpr(Expr target, Expr key, int line, int column) : Expr(line, column)
{
    public override object? Eval(RenderState state) => Values.GetItem(target.Eval(state), key.Eval(state));
}

internal sealed class SliceExpr(Expr target, Expr? start, Expr? stop, Expr? step, int line, int column) : Expr(line, column)
{
    public override object? Eval(RenderState state)
    {
        try
        {
            return Values.Slice(target.Eval(state), start?.Eval(state), stop?.Eval(state), step?.Eval(state));
        }
        catch (JinjaError e) { throw Fail(e.Message, "slice", e); }
    }
}

/// <summary>Positional and keyword argument expressions of a call, filter or test.</summary>
internal sealed class ArgumentList(List<Expr> positional, List<(string Name, Expr Value)> named)
{
    public static readonly ArgumentList Empty = new([], []);

    public bool IsEmpty => positional.Count == 0 && named.Count == 0;

    public Arguments Eval(RenderState state)
    {
        if (IsEmpty) return Arguments.None;
        List<object?>? values = null;
        if (positional.Count > 0)
        {
            values = new List<object?>(positional.Count);
            foreach (var p in positional) values.Add(p.Eval(state));
        }
        List<KeyValuePair<string, object?>>? pairs = null;
        if (named.Count > 0)
        {
            pairs = new List<KeyValuePair<string, object?>>(named.Count);
            foreach (var (name, value) in named) pairs.Add(new(name, value.Eval(state)));
        }
        return new Arguments(values, pairs);
    }
}

internal sealed class CallExpr(Expr callee, ArgumentList arguments, int line, int column) : Expr(line, column)
{
    public override object? Eval(RenderState state)
    {
        var target = callee.Eval(state);
        var args = arguments.Eval(state);
        var construct = callee switch
        {
            NameExpr n => $"call '{n.Name}'",
            AttributeExpr => "method call",
            _ => "call",
        };
        try
        {
            return target switch
            {
                BuiltinFunction f => f.Invoke(state, args),
                Macro m => m.Call(state, args),
                BoundMethod b => Methods.Call(b.Target, b.Name, args),
                Undefined => throw new JinjaError(callee is NameExpr n ? $"'{n.Name}' is undefined" : "the called object is undefined"),
                _ => throw new JinjaError($"'{Values.TypeName(target)}' object is not callable"),
            };
        }
        catch (RaisedError e) { throw Fail(e.Message, "raise_exception", e); }
        catch (JinjaError e) { throw Fail(e.Message, construct, e); }
    }
}

internal sealed class FilterExpr(Expr target, string name, ArgumentList arguments, Filters.Filter filter, int line, int column) : Expr(line, column)
{
    public override object? Eval(RenderState state)
    {
        var value = target.Eval(state);
        try
        {
            return filter(value, arguments.Eval(state));
        }
        catch (JinjaError e) { throw Fail(e.Message, $"filter '{name}'", e); }
    }
}

internal sealed class TestExpr(Expr target, string name, ArgumentList arguments, Tests.Test test, bool negated, int line, int column) : Expr(line, column)
{
    public override object? Eval(RenderState state)
    {
        var value = target.Eval(state);
        try
        {
            return test(value, arguments.Eval(state)) != negated;
        }
        catch (JinjaError e) { throw Fail(e.Message, $"test '{name}'", e); }
    }
}

internal sealed class NotExpr(Expr operand, int line, int column) : Expr(line, column)
{
    public override object? Eval(RenderState state) => !Values.IsTruthy(operand.Eval(state));
}

internal sealed class NegateExpr(Expr operand, int line, int column) : Expr(line, column)
{
    public override object? Eval(RenderState state)
    {
        try { return Values.Negate(operand.Eval(state)); }
        catch (JinjaError e) { throw Fail(e.Message, "operator '-'", e); }
    }
}

internal sealed class AndExpr(Expr left, Expr right, int line, int column) : Expr(line, column)
{
    public override object? Eval(RenderState state)
    {
        var value = left.Eval(state);
        return Values.IsTruthy(value) ? right.Eval(state) : value;
    }
}

internal sealed class OrExpr(Expr left, Expr right, int line, int column) : Expr(line, column)
{
    public override object? Eval(RenderState state)
    {
        var value = left.Eval(state);
        return Values.IsTruthy(value) ? value : right.Eval(state);
    }
}

internal sealed class BinaryExpr(string op, Expr left, Expr right, int line, int column) : Expr(line, column)
{
    public override object? Eval(RenderState state)
    {
        var a = left.Eval(state);
        var b = right.Eval(state);
        try
        {
            return op switch
            {
                "+" => a is string s && b is string t ? string.Concat(s, t) : Values.Add(Defined(a), Defined(b)),
                "-" => Values.Subtract(Defined(a), Defined(b)),
                "*" => Values.Multiply(Defined(a), Defined(b)),
                "/" => Values.Divide(Defined(a), Defined(b)),
                "//" => Values.FloorDivide(Defined(a), Defined(b)),
                "%" => Values.Modulo(Defined(a), Defined(b)),
                "**" => Values.Power(Defined(a), Defined(b)),
                _ => throw new JinjaError($"unknown operator {op}"),
            };
        }
        catch (JinjaError e) { throw Fail(e.Message, $"operator '{op}'", e); }
    }

    // Jinja2's Undefined raises when used in arithmetic.
    private static object? Defined(object? value) => value is Undefined ? throw new JinjaError("an undefined value was used in arithmetic") : value;
}

internal sealed class ConcatExpr(List<Expr> parts, int line, int column) : Expr(line, column)
{
    public override object? Eval(RenderState state)
    {
        var sb = new StringBuilder();
        foreach (var part in parts) sb.Append(Values.ToStr(part.Eval(state)));
        return sb.ToString();
    }
}

internal sealed class CompareExpr(Expr first, List<(string Op, Expr Operand)> rest, int line, int column) : Expr(line, column)
{
    public override object? Eval(RenderState state)
    {
        var left = first.Eval(state);
        foreach (var (op, operand) in rest)
        {
            var right = operand.Eval(state);
            bool result;
            try
            {
                result = op switch
                {
                    "==" => Values.PyEquals(left, right),
                    "!=" => !Values.PyEquals(left, right),
                    "<" => Values.Compare(left, right) < 0,
                    ">" => Values.Compare(left, right) > 0,
                    "<=" => Values.Compare(left, right) <= 0,
                    ">=" => Values.Compare(left, right) >= 0,
                    "in" => Values.Contains(right, left),
                    "not in" => !Values.Contains(right, left),
                    _ => throw new JinjaError($"unknown comparison {op}"),
                };
            }
            catch (JinjaError e) { throw Fail(e.Message, $"operator '{op}'", e); }
            if (!result) return false;
            left = right;
        }
        return true;
    }
}

internal sealed class ConditionalExpr(Expr condition, Expr then, Expr? otherwise, int line, int column) : Expr(line, column)
{
    public override object? Eval(RenderState state) =>
        Values.IsTruthy(condition.Eval(state)) ? then.Eval(state) : otherwise is null ? Undefined.Instance : otherwise.Eval(state);
}
