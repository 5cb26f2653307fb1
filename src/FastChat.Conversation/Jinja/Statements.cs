using System.Text;

namespace FastChat.Conversation.Jinja;

/// <summary>What a statement tells its loop: go on, or <c>{% break %}</c> / <c>{% continue %}</c>.</summary>
internal enum Flow
{
    Normal,
    Break,
    Continue,
}

internal abstract class Stmt(int line, int column) : Node(line, column)
{
    public abstract Flow Execute(RenderState state);

    public static Flow ExecuteAll(List<Stmt> body, RenderState state)
    {
        foreach (var statement in body)
        {
            var flow = statement.Execute(state);
            if (flow != Flow.Normal) return flow;
        }
        return Flow.Normal;
    }
}

internal sealed class TextStmt(string text, int line, int column) : Stmt(line, column)
{
    public override Flow Execute(RenderState state)
    {
        state.Output.Append(text);
        return Flow.Normal;
    }
}

internal sealed class OutputStmt(Expr expression, int line, int column) : Stmt(line, column)
{
    public override Flow Execute(RenderState state)
    {
        var value = expression.Eval(state);
        if (value is string s) state.Output.Append(s);
        else state.Output.Append(Values.ToStr(value));
        return Flow.Normal;
    }
}

internal sealed class IfStmt(List<(Expr Condition, List<Stmt> Body)> branches, List<Stmt>? otherwise, int line, int column) : Stmt(line, column)
{
    public override Flow Execute(RenderState state)
    {
        foreach (var (condition, body) in branches)
            if (Values.IsTruthy(condition.Eval(state))) return ExecuteAll(body, state);
        return otherwise is null ? Flow.Normal : ExecuteAll(otherwise, state);
    }
}

internal sealed class ForStmt(List<string> targets, Expr iterable, Expr? filter, List<Stmt> body, List<Stmt>? otherwise, int line, int column)
    : Stmt(line, column)
{
    public override Flow Execute(RenderState state)
    {
        List<object?> items;
        try { items = Values.Iterate(iterable.Eval(state)); }
        catch (JinjaError e) { throw Fail(e.Message, "tag 'for'", e); }

        var outer = state.Scope;
        var scope = new Scope(outer);
        state.Scope = scope;
        try
        {
            if (filter is not null)
            {
                var kept = new List<object?>(items.Count);
                foreach (var item in items)
                {
                    Bind(scope, item);
                    if (Values.IsTruthy(filter.Eval(state))) kept.Add(item);
                }
                items = kept;
            }
            if (items.Count == 0)
            {
                state.Scope = outer;
                return otherwise is null ? Flow.Normal : ExecuteAll(otherwise, state);
            }
            var loop = new LoopContext(items);
            scope.Set("loop", loop);
            for (var i = 0; i < items.Count; i++)
            {
                loop.Index0 = i;
                Bind(scope, items[i]);
                if (ExecuteAll(body, state) == Flow.Break) break;
            }
            return Flow.Normal;
        }
        finally { state.Scope = outer; }
    }

    private void Bind(Scope scope, object? item)
    {
        if (targets.Count == 1) { scope.Set(targets[0], item); return; }
        var values = item as List<object?>;
        if (values is null || values.Count != targets.Count)
            throw Fail($"cannot unpack {Values.TypeName(item)} into {targets.Count} loop variables", "tag 'for'");
        for (var i = 0; i < targets.Count; i++) scope.Set(targets[i], values[i]);
    }
}

internal sealed class SetStmt(List<string> names, string? attribute, Expr value, int line, int column) : Stmt(line, column)
{
    public override Flow Execute(RenderState state)
    {
        var result = value.Eval(state);
        if (attribute is not null)
        {
            if (state.Scope.Get(names[0]) is not Namespace ns)
                throw Fail($"cannot assign attribute '{attribute}' on '{names[0]}', which is not a namespace", "tag 'set'");
            ns.Values[attribute] = result;
        }
        else if (names.Count == 1) state.Scope.Set(names[0], result);
        else
        {
            if (result is not List<object?> values || values.Count != names.Count)
                throw Fail($"cannot unpack {Values.TypeName(result)} into {names.Count} names", "tag 'set'");
            for (var i = 0; i < names.Count; i++) state.Scope.Set(names[i], values[i]);
        }
        return Flow.Normal;
    }
}

internal sealed class SetBlockStmt(string name, List<Stmt> body, int line, int column) : Stmt(line, column)
{
    public override Flow Execute(RenderState state)
    {
        state.Scope.Set(name, Capture(body, state));
        return Flow.Normal;
    }

    public static string Capture(List<Stmt> body, RenderState state)
    {
        var saved = state.Output;
        state.Output = new StringBuilder();
        try
        {
            ExecuteAll(body, state);
            return state.Output.ToString();
        }
        finally { state.Output = saved; }
    }
}

internal sealed class FilterBlockStmt(List<(string Name, Filters.Filter Filter, ArgumentList Arguments)> filters, List<Stmt> body, int line, int column)
    : Stmt(line, column)
{
    public override Flow Execute(RenderState state)
    {
        object? value = SetBlockStmt.Capture(body, state);
        foreach (var (name, filter, arguments) in filters)
        {
            try { value = filter(value, arguments.Eval(state)); }
            catch (JinjaError e) { throw Fail(e.Message, $"filter '{name}'", e); }
        }
        state.Output.Append(Values.ToStr(value));
        return Flow.Normal;
    }
}

internal sealed class LoopControlStmt(Flow flow, int line, int column) : Stmt(line, column)
{
    public override Flow Execute(RenderState state) => flow;
}

internal sealed class MacroStmt(string name, List<(string Name, Expr? Default)> parameters, List<Stmt> body, int line, int column) : Stmt(line, column)
{
    public string Name { get; } = name;

    public List<(string Name, Expr? Default)> Parameters { get; } = parameters;

    public List<Stmt> Body { get; } = body;

    public override Flow Execute(RenderState state)
    {
        state.Scope.Set(Name, new Macro(this, state.Scope));
        return Flow.Normal;
    }
}

/// <summary>A macro value: calling it renders its body with the arguments bound, in the scope it was defined in.</summary>
internal sealed class Macro(MacroStmt definition, Scope closure)
{
    public object? Call(RenderState state, Arguments args)
    {
        if (state.Depth >= RenderState.MaxDepth) throw new JinjaError($"macro '{definition.Name}' recursed more than {RenderState.MaxDepth} levels");
        var scope = new Scope(closure);
        var parameters = definition.Parameters;
        if (args.Count > parameters.Count) throw new JinjaError($"macro '{definition.Name}' takes {parameters.Count} arguments, {args.Count} given");
        foreach (var (key, _) in args.Named)
            if (!parameters.Exists(p => p.Name == key)) throw new JinjaError($"macro '{definition.Name}' has no parameter '{key}'");

        var savedScope = state.Scope;
        var savedOutput = state.Output;
        state.Scope = scope;
        state.Depth++;
        try
        {
            for (var i = 0; i < parameters.Count; i++)
            {
                var (name, fallback) = parameters[i];
                scope.Set(name, args.Has(i, name) ? args.Get(i, name) : fallback is null ? Undefined.Instance : fallback.Eval(state));
            }
            state.Output = new StringBuilder();
            Stmt.ExecuteAll(definition.Body, state);
            return state.Output.ToString();
        }
        finally
        {
            state.Scope = savedScope;
            state.Output = savedOutput;
            state.Depth--;
        }
    }
}
