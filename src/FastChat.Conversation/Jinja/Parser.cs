using System.Globalization;

namespace FastChat.Conversation.Jinja;

/// <summary>
/// Recursive-descent parser for the Jinja2 subset chat templates use, with Jinja2's operator precedence
/// (or, and, not, comparisons, + -, ~, * / // %, **, unary -, then postfix, filters and tests). Filters and
/// tests are resolved here, so an unsupported one is reported at parse time with its position.
/// </summary>
internal sealed class Parser
{
    private static readonly HashSet<string> Comparisons = ["==", "!=", "<", ">", "<=", ">="];
    private static readonly HashSet<string> TestArgumentStoppers = ["else", "or", "and", "is", "if", "in", "not"];

    private readonly List<Token> _tokens;
    private int _index;

    private Parser(List<Token> tokens) => _tokens = tokens;

    public static List<Stmt> Parse(List<Token> tokens)
    {
        var parser = new Parser(tokens);
        var body = parser.ParseBody(null, out _, out _);
        return body;
    }

    private Token Current => _tokens[_index];

    private Token Peek(int offset = 1) => _tokens[Math.Min(_index + offset, _tokens.Count - 1)];

    private Token Advance() => _tokens[_index++];

    private static TemplateException Error(string message, string construct, Token at) => new(message, construct, at.Line, at.Column);

    private Token Expect(TokenKind kind, string? value, string construct)
    {
        var token = Current;
        if (token.Kind != kind || (value is not null && token.Value != value))
        {
            var expected = value is not null ? $"'{value}'" : kind switch
            {
                TokenKind.BlockEnd => "'%}'",
                TokenKind.VariableEnd => "'}}'",
                TokenKind.Name => "a name",
                _ => kind.ToString(),
            };
            throw Error($"expected {expected}, found {token}", construct, token);
        }
        return Advance();
    }

    private bool AcceptOperator(string op)
    {
        if (!Current.IsOperator(op)) return false;
        _index++;
        return true;
    }

    private bool AcceptName(string name)
    {
        if (!Current.IsName(name)) return false;
        _index++;
        return true;
    }

    /// <summary>Statements up to one of <paramref name="endTags"/> (consumed up to the tag name) or the end of the template.</summary>
    private List<Stmt> ParseBody(string[]? endTags, out string? endTag, out Token endToken)
    {
        var body = new List<Stmt>();
        while (true)
        {
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.EndOfFile:
                    endTag = null;
                    endToken = token;
                    return body;
                case TokenKind.Text:
                    Advance();
                    body.Add(new TextStmt(token.Value, token.Line, token.Column));
                    break;
                case TokenKind.VariableBegin:
                    Advance();
                    var expression = ParseExpression();
                    Expect(TokenKind.VariableEnd, null, "expression");
                    body.Add(new OutputStmt(expression, token.Line, token.Column));
                    break;
                case TokenKind.BlockBegin:
                    var name = Peek();
                    if (name.Kind == TokenKind.Name && endTags is not null && Array.IndexOf(endTags, name.Value) >= 0)
                    {
                        _index += 2;
                        endTag = name.Value;
                        endToken = name;
                        return body;
                    }
                    Advance();
                    body.Add(ParseStatement());
                    break;
                default:
                    throw Error($"unexpected {token}", "template", token);
            }
        }
    }

    private List<Stmt> ParseBlockBody(string tag, Token opening, string[] endTags, out string endTag)
    {
        var body = ParseBody(endTags, out var found, out _);
        if (found is null)
            throw Error($"'{tag}' is not closed: expected {string.Join(" or ", endTags.Select(t => "{% " + t + " %}"))}", $"tag '{tag}'", opening);
        endTag = found;
        return body;
    }

    private Stmt ParseStatement()
    {
        var tag = Current;
        if (tag.Kind != TokenKind.Name) throw Error($"expected a tag name, found {tag}", "block tag", tag);
        Advance();
        switch (tag.Value)
        {
            case "if": return ParseIf(tag);
            case "for": return ParseFor(tag);
            case "set": return ParseSet(tag);
            case "macro": return ParseMacro(tag);
            case "filter": return ParseFilterBlock(tag);
            case "break" or "continue":
                Expect(TokenKind.BlockEnd, null, $"tag '{tag.Value}'");
                return new LoopControlStmt(tag.Value == "break" ? Flow.Break : Flow.Continue, tag.Line, tag.Column);
            case "generation":
                {
                    // Hugging Face's {% generation %} only marks assistant text for training masks; it renders its body.
                    Expect(TokenKind.BlockEnd, null, "tag 'generation'");
                    var body = ParseBlockBody("generation", tag, ["endgeneration"], out _);
                    Expect(TokenKind.BlockEnd, null, "tag 'endgeneration'");
                    return new IfStmt([(new ConstExpr(true, tag.Line, tag.Column), body)], null, tag.Line, tag.Column);
                }
            case "elif" or "else" or "endif" or "endfor" or "endset" or "endmacro" or "endfilter" or "endgeneration":
                throw Error($"unexpected tag '{tag.Value}' (no open block it could close)", $"tag '{tag.Value}'", tag);
            default:
                throw Error($"unsupported tag '{tag.Value}'", $"tag '{tag.Value}'", tag);
        }
    }

    private Stmt ParseIf(Token tag)
    {
        var branches = new List<(Expr, List<Stmt>)>();
        List<Stmt>? otherwise = null;
        var condition = ParseExpression();
        Expect(TokenKind.BlockEnd, null, "tag 'if'");
        while (true)
        {
            var body = ParseBlockBody("if", tag, ["elif", "else", "endif"], out var end);
            branches.Add((condition, body));
            if (end == "elif")
            {
                condition = ParseExpression();
                Expect(TokenKind.BlockEnd, null, "tag 'elif'");
                continue;
            }
            if (end == "else")
            {
                Expect(TokenKind.BlockEnd, null, "tag 'else'");
                otherwise = ParseBlockBody("if", tag, ["endif"], out _);
            }
            Expect(TokenKind.BlockEnd, null, "tag 'endif'");
            return new IfStmt(branches, otherwise, tag.Line, tag.Column);
        }
    }

    private Stmt ParseFor(Token tag)
    {
        var targets = ParseNameList("tag 'for'");
        Expect(TokenKind.Name, "in", "tag 'for'");
        var iterable = ParseExpression(allowConditional: false);
        Expr? filter = null;
        if (AcceptName("if")) filter = ParseExpression(allowConditional: false);
        if (Current.IsName("recursive")) throw Error("recursive loops are not supported", "tag 'for'", Current);
        Expect(TokenKind.BlockEnd, null, "tag 'for'");
        var body = ParseBlockBody("for", tag, ["else", "endfor"], out var end);
        List<Stmt>? otherwise = null;
        if (end == "else")
        {
            Expect(TokenKind.BlockEnd, null, "tag 'else'");
            otherwise = ParseBlockBody("for", tag, ["endfor"], out _);
        }
        Expect(TokenKind.BlockEnd, null, "tag 'endfor'");
        return new ForStmt(targets, iterable, filter, body, otherwise, tag.Line, tag.Column);
    }

    private List<string> ParseNameList(string construct)
    {
        var parenthesized = AcceptOperator("(");
        var names = new List<string> { Expect(TokenKind.Name, null, construct).Value };
        while (AcceptOperator(",")) names.Add(Expect(TokenKind.Name, null, construct).Value);
        if (parenthesized) Expect(TokenKind.Operator, ")", construct);
        return names;
    }

    private Stmt ParseSet(Token tag)
    {
        var first = Expect(TokenKind.Name, null, "tag 'set'");
        if (AcceptOperator("."))
        {
            var attribute = Expect(TokenKind.Name, null, "tag 'set'").Value;
            Expect(TokenKind.Operator, "=", "tag 'set'");
            var value = ParseExpression();
            Expect(TokenKind.BlockEnd, null, "tag 'set'");
            return new SetStmt([first.Value], attribute, value, tag.Line, tag.Column);
        }
        var names = new List<string> { first.Value };
        while (AcceptOperator(",")) names.Add(Expect(TokenKind.Name, null, "tag 'set'").Value);
        if (Current.Kind == TokenKind.BlockEnd && names.Count == 1)
        {
            Advance();
            var body = ParseBlockBody("set", tag, ["endset"], out _);
            Expect(TokenKind.BlockEnd, null, "tag 'endset'");
            return new SetBlockStmt(names[0], body, tag.Line, tag.Column);
        }
        Expect(TokenKind.Operator, "=", "tag 'set'");
        var expression = ParseTupleOrExpression();
        Expect(TokenKind.BlockEnd, null, "tag 'set'");
        return new SetStmt(names, null, expression, tag.Line, tag.Column);
    }

    private Expr ParseTupleOrExpression()
    {
        var start = Current;
        var first = ParseExpression();
        if (!Current.IsOperator(",")) return first;
        var items = new List<Expr> { first };
        while (AcceptOperator(","))
        {
            if (Current.Kind == TokenKind.BlockEnd) break;
            items.Add(ParseExpression());
        }
        return new ListExpr(items, start.Line, start.Column);
    }

    private Stmt ParseMacro(Token tag)
    {
        var name = Expect(TokenKind.Name, null, "tag 'macro'").Value;
        Expect(TokenKind.Operator, "(", "tag 'macro'");
        var parameters = new List<(string, Expr?)>();
        while (!AcceptOperator(")"))
        {
            if (parameters.Count > 0) Expect(TokenKind.Operator, ",", "tag 'macro'");
            if (AcceptOperator(")")) break;
            var parameter = Expect(TokenKind.Name, null, "tag 'macro'").Value;
            parameters.Add((parameter, AcceptOperator("=") ? ParseExpression() : null));
        }
        Expect(TokenKind.BlockEnd, null, "tag 'macro'");
        var body = ParseBlockBody("macro", tag, ["endmacro"], out _);
        if (Current.Kind == TokenKind.Name) Advance(); // {% endmacro name %}
        Expect(TokenKind.BlockEnd, null, "tag 'endmacro'");
        return new MacroStmt(name, parameters, body, tag.Line, tag.Column);
    }

    private Stmt ParseFilterBlock(Token tag)
    {
        var filters = new List<(string, Filters.Filter, ArgumentList)>();
        do
        {
            var (name, filter, arguments, _) = ParseFilterReference();
            filters.Add((name, filter, arguments));
        } while (AcceptOperator("|"));
        Expect(TokenKind.BlockEnd, null, "tag 'filter'");
        var body = ParseBlockBody("filter", tag, ["endfilter"], out _);
        Expect(TokenKind.BlockEnd, null, "tag 'endfilter'");
        return new FilterBlockStmt(filters, body, tag.Line, tag.Column);
    }

    // ---- expressions -------------------------------------------------------------------------------------

    private Expr ParseExpression(bool allowConditional = true)
    {
        var start = Current;
        var expression = ParseOr();
        if (!allowConditional) return expression;
        while (Current.IsName("if"))
        {
            Advance();
            var condition = ParseOr();
            Expr? otherwise = AcceptName("else") ? ParseExpression() : null;
            expression = new ConditionalExpr(condition, expression, otherwise, start.Line, start.Column);
        }
        return expression;
    }

    private Expr ParseOr()
    {
        var left = ParseAnd();
        while (Current.IsName("or"))
        {
            var op = Advance();
            left = new OrExpr(left, ParseAnd(), op.Line, op.Column);
        }
        return left;
    }

    private Expr ParseAnd()
    {
        var left = ParseNot();
        while (Current.IsName("and"))
        {
            var op = Advance();
            left = new AndExpr(left, ParseNot(), op.Line, op.Column);
        }
        return left;
    }

    private Expr ParseNot()
    {
        if (Current.IsName("not"))
        {
            var op = Advance();
            return new NotExpr(ParseNot(), op.Line, op.Column);
        }
        return ParseCompare();
    }

    private Expr ParseCompare()
    {
        var start = Current;
        var first = ParseMath1();
        List<(string, Expr)>? rest = null;
        while (true)
        {
            string op;
            if (Current.Kind == TokenKind.Operator && Comparisons.Contains(Current.Value)) op = Advance().Value;
            else if (Current.IsName("in")) { Advance(); op = "in"; }
            else if (Current.IsName("not") && Peek().IsName("in")) { _index += 2; op = "not in"; }
            else break;
            (rest ??= []).Add((op, ParseMath1()));
        }
        return rest is null ? first : new CompareExpr(first, rest, start.Line, start.Column);
    }

    private Expr ParseMath1()
    {
        var left = ParseConcat();
        while (Current.IsOperator("+") || Current.IsOperator("-"))
        {
            var op = Advance();
            left = new BinaryExpr(op.Value, left, ParseConcat(), op.Line, op.Column);
        }
        return left;
    }

    private Expr ParseConcat()
    {
        var start = Current;
        var first = ParseMath2();
        if (!Current.IsOperator("~")) return first;
        var parts = new List<Expr> { first };
        while (AcceptOperator("~")) parts.Add(ParseMath2());
        return new ConcatExpr(parts, start.Line, start.Column);
    }

    private Expr ParseMath2()
    {
        var left = ParsePower();
        while (Current.Kind == TokenKind.Operator && Current.Value is "*" or "/" or "//" or "%")
        {
            var op = Advance();
            left = new BinaryExpr(op.Value, left, ParsePower(), op.Line, op.Column);
        }
        return left;
    }

    private Expr ParsePower()
    {
        var left = ParseUnary(withFilter: true);
        while (Current.IsOperator("**"))
        {
            var op = Advance();
            left = new BinaryExpr("**", left, ParseUnary(withFilter: true), op.Line, op.Column);
        }
        return left;
    }

    private Expr ParseUnary(bool withFilter)
    {
        var token = Current;
        Expr node;
        if (AcceptOperator("-")) node = new NegateExpr(ParseUnary(withFilter: false), token.Line, token.Column);
        else if (AcceptOperator("+")) node = ParseUnary(withFilter: false);
        else node = ParsePostfix(ParsePrimary());
        return withFilter ? ParseFilterAndTest(node) : node;
    }

    private Expr ParsePrimary()
    {
        var token = Advance();
        switch (token.Kind)
        {
            case TokenKind.Name:
                return token.Value switch
                {
                    "true" or "True" => new ConstExpr(true, token.Line, token.Column),
                    "false" or "False" => new ConstExpr(false, token.Line, token.Column),
                    "none" or "None" => new ConstExpr(null, token.Line, token.Column),
                    _ => new NameExpr(token.Value, token.Line, token.Column),
                };
            case TokenKind.String:
                {
                    var text = token.Value;
                    while (Current.Kind == TokenKind.String) text += Advance().Value; // "a" "b" concatenates
                    return new ConstExpr(text, token.Line, token.Column);
                }
            case TokenKind.Integer:
                return long.TryParse(token.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var integer)
                    ? new ConstExpr(integer, token.Line, token.Column)
                    : throw Error($"integer literal {token.Value} is too large", "number literal", token);
            case TokenKind.Float:
                return new ConstExpr(double.Parse(token.Value, NumberStyles.Float, CultureInfo.InvariantCulture), token.Line, token.Column);
            case TokenKind.Operator when token.Value == "(":
                {
                    if (AcceptOperator(")")) return new ListExpr([], token.Line, token.Column);
                    var first = ParseExpression();
                    if (AcceptOperator(")")) return first;
                    var items = new List<Expr> { first };
                    while (AcceptOperator(","))
                    {
                        if (Current.IsOperator(")")) break;
                        items.Add(ParseExpression());
                    }
                    Expect(TokenKind.Operator, ")", "tuple");
                    return new ListExpr(items, token.Line, token.Column);
                }
            case TokenKind.Operator when token.Value == "[":
                {
                    var items = new List<Expr>();
                    while (!AcceptOperator("]"))
                    {
                        if (items.Count > 0) Expect(TokenKind.Operator, ",", "list literal");
                        if (AcceptOperator("]")) break;
                        items.Add(ParseExpression());
                    }
                    return new ListExpr(items, token.Line, token.Column);
                }
            case TokenKind.Operator when token.Value == "{":
                {
                    var pairs = new List<(Expr, Expr)>();
                    while (!AcceptOperator("}"))
                    {
                        if (pairs.Count > 0) Expect(TokenKind.Operator, ",", "dict literal");
                        if (AcceptOperator("}")) break;
                        var key = ParseExpression();
                        Expect(TokenKind.Operator, ":", "dict literal");
                        pairs.Add((key, ParseExpression()));
                    }
                    return new DictExpr(pairs, token.Line, token.Column);
                }
            default:
                throw Error($"unexpected {token}", "expression", token);
        }
    }

    private Expr ParsePostfix(Expr node)
    {
        while (true)
        {
            var token = Current;
            if (AcceptOperator("."))
            {
                var name = Advance();
                if (name.Kind == TokenKind.Name) node = new AttributeExpr(node, name.Value, token.Line, token.Column);
                else if (name.Kind == TokenKind.Integer) node = new ItemExpr(node, new ConstExpr(long.Parse(name.Value, CultureInfo.InvariantCulture), name.Line, name.Column), token.Line, token.Column);
                else throw Error($"expected an attribute name after '.', found {name}", "attribute access", name);
            }
            else if (AcceptOperator("[")) node = ParseSubscript(node, token);
            else if (AcceptOperator("(")) node = new CallExpr(node, ParseCallArguments("call"), token.Line, token.Column);
            else return node;
        }
    }

    private Expr ParseSubscript(Expr target, Token open)
    {
        Expr? start = null, stop = null, step = null;
        if (!Current.IsOperator(":")) start = ParseExpression();
        if (AcceptOperator("]"))
            return start is null ? throw Error("empty subscript", "subscript", open) : new ItemExpr(target, start, open.Line, open.Column);
        Expect(TokenKind.Operator, ":", "slice");
        if (!Current.IsOperator(":") && !Current.IsOperator("]")) stop = ParseExpression();
        if (AcceptOperator(":") && !Current.IsOperator("]")) step = ParseExpression();
        Expect(TokenKind.Operator, "]", "slice");
        return new SliceExpr(target, start, stop, step, open.Line, open.Column);
    }

    /// <summary>Arguments after '(' up to and including ')'.</summary>
    private ArgumentList ParseCallArguments(string construct)
    {
        var positional = new List<Expr>();
        var named = new List<(string, Expr)>();
        while (!AcceptOperator(")"))
        {
            if (positional.Count + named.Count > 0) Expect(TokenKind.Operator, ",", construct);
            if (AcceptOperator(")")) break;
            if (Current.Kind == TokenKind.Name && Peek().IsOperator("="))
            {
                var name = Advance().Value;
                Advance();
                named.Add((name, ParseExpression()));
            }
            else if (Current.IsOperator("*") || Current.IsOperator("**"))
                throw Error("*args and **kwargs are not supported", construct, Current);
            else
            {
                if (named.Count > 0) throw Error("positional argument follows keyword argument", construct, Current);
                positional.Add(ParseExpression());
            }
        }
        return positional.Count == 0 && named.Count == 0 ? ArgumentList.Empty : new ArgumentList(positional, named);
    }

    private Expr ParseFilterAndTest(Expr node)
    {
        while (true)
        {
            var token = Current;
            if (AcceptOperator("|"))
            {
                var (name, filter, arguments, at) = ParseFilterReference();
                node = new FilterExpr(node, name, arguments, filter, at.Line, at.Column);
            }
            else if (Current.IsName("is"))
            {
                Advance();
                var negated = AcceptName("not");
                var nameToken = Current;
                string name;
                if (nameToken.Kind == TokenKind.Name) name = Advance().Value;
                else if (nameToken.Kind == TokenKind.Operator && nameToken.Value is "==" or "!=" or "<" or ">" or "<=" or ">=") name = Advance().Value;
                else throw Error($"expected a test name after 'is', found {nameToken}", "test", nameToken);
                if (!Tests.TryGet(name, out var test)) throw Error($"unsupported test '{name}'", $"test '{name}'", nameToken);
                ArgumentList arguments;
                if (AcceptOperator("(")) arguments = ParseCallArguments($"test '{name}'");
                else if (StartsTestArgument(Current))
                    arguments = new ArgumentList([ParsePostfix(ParsePrimary())], []);
                else arguments = ArgumentList.Empty;
                node = new TestExpr(node, name, arguments, test, negated, nameToken.Line, nameToken.Column);
            }
            else if (AcceptOperator("(")) node = new CallExpr(node, ParseCallArguments("call"), token.Line, token.Column);
            else return node;
        }
    }

    private static bool StartsTestArgument(Token token) => token.Kind switch
    {
        TokenKind.Name => !TestArgumentStoppers.Contains(token.Value),
        TokenKind.String or TokenKind.Integer or TokenKind.Float => true,
        TokenKind.Operator => token.Value is "[" or "{",
        _ => false,
    };

    private (string Name, Filters.Filter Filter, ArgumentList Arguments, Token At) ParseFilterReference()
    {
        var nameToken = Expect(TokenKind.Name, null, "filter");
        var name = nameToken.Value;
        if (!Filters.TryGet(name, out var filter)) throw Error($"unsupported filter '{name}'", $"filter '{name}'", nameToken);
        var arguments = AcceptOperator("(") ? ParseCallArguments($"filter '{name}'") : ArgumentList.Empty;
        return (name, filter, arguments, nameToken);
    }
}
