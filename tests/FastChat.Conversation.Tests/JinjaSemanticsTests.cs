namespace FastChat.Conversation.Tests;

/// <summary>The Jinja constructs chat templates rely on, one behaviour per case, with Jinja2's results.</summary>
public sealed class JinjaSemanticsTests
{
    private static string Render(string template, object? items = null) =>
        JinjaTemplate.Parse(template).Render(new Dictionary<string, object?>
        {
            ["items"] = items ?? new object?[] { "a", "b", "c" },
            ["d"] = new Dictionary<string, object?> { ["x"] = 1, ["y"] = "two" },
            ["n"] = null,
        }, new DateTime(2024, 7, 26, 9, 5, 0));

    [Theory]
    [InlineData("{% for x in items %}{{ loop.index }}{{ loop.index0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }}|{% endfor %}", "10TrueFalse3|21FalseFalse3|32FalseTrue3|")]
    [InlineData("{% for x in items if x != 'b' %}{{ loop.index }}{{ x }}{% else %}none{% endfor %}", "1a2c")]
    [InlineData("{% for x in [] %}{{ x }}{% else %}empty{% endfor %}", "empty")]
    [InlineData("{% for x in items %}{% if x == 'b' %}{% continue %}{% endif %}{% if x == 'c' %}{% break %}{% endif %}{{ x }}{% endfor %}", "a")]
    [InlineData("{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}", "x=1;y=two;")]
    [InlineData("{% for k, v in d | items %}{{ k }}{% endfor %}{% for k in d %}{{ k }}{% endfor %}", "xyxy")]
    [InlineData("{% if 0 %}a{% elif n %}b{% elif 'x' in d %}c{% else %}d{% endif %}", "c")]
    [InlineData("{% set x = 1 %}{% for i in items %}{% set x = 5 %}{% endfor %}{{ x }}", "1")]
    [InlineData("{% set ns = namespace(x=1) %}{% for i in items %}{% set ns.x = ns.x + 1 %}{% endfor %}{{ ns.x }}", "4")]
    [InlineData("{% set a, b = 1, 2 %}{{ a }}{{ b }}{% set c %}in{{ a }}{% endset %}{{ c }}", "12in1")]
    [InlineData("{% macro greet(name, punct='!') %}Hi {{ name }}{{ punct }}{% endmacro %}{{ greet('Bob') }} {{ greet('Al', punct='?') }}", "Hi Bob! Hi Al?")]
    [InlineData("{{ items[1:] }}{{ items[-1] }}{{ items[::-1] | join('') }}{{ 'hello'[1:3] }}{{ items[5] is defined }}", "['b', 'c']ccbaelFalse")]
    [InlineData("{{ 1 + 2 * 3 }} {{ 7 // 2 }} {{ 7 / 2 }} {{ -7 % 3 }} {{ 2 ** 10 }} {{ -3 | abs }} {{ 'a' ~ 1 ~ none }}", "7 3 3.5 2 1024 3 a1None")]
    [InlineData("{{ 1 < 2 < 3 }} {{ 'b' not in 'abc' }} {{ not 1 == 1 }} {{ 'x' if n else 'y' }} {{ 'z' if n }}.", "True False False y .")]
    [InlineData("{{ '%s-%d' % ('a', 3) }} {{ '{} and {name}'.format(1, name='x') }}", "a-3 1 and x")]
    [InlineData("{{ '  hi  '.strip() }}|{{ 'xxhixx'.strip('x') }}|{{ 'a,b,,c'.split(',') }}|{{ ' a  b '.split() }}|{{ 'abc'.startswith(('x', 'a')) }}|{{ 'abc'.endswith('bc') }}", "hi|hi|['a', 'b', '', 'c']|['a', 'b']|True|True")]
    [InlineData("{{ 'Hello World'.upper() }} {{ 'hello world' | title }} {{ 'hello'.capitalize() }} {{ 'a-b' | replace('-', '+') }}", "HELLO WORLD Hello World Hello a+b")]
    [InlineData("{{ items | length }} {{ items | first }} {{ items | last }} {{ items | join(', ') }} {{ 'abc' | list }} {{ items | reverse | list }}", "3 a c a, b, c ['a', 'b', 'c'] ['c', 'b', 'a']")]
    [InlineData("{{ missing | default('dflt') }} {{ n | default('x') }} {{ '' | default('e', true) }} {{ missing is defined }} {{ n is none }} {{ n is not none }}", "dflt None e False True False")]
    [InlineData("{{ 2.5 | round }} {{ 2.567 | round(2) }} {{ 2.1 | round(0, 'ceil') }} {{ '42' | int + 1 }} {{ '3.9' | int }} {{ 3 | float }} {{ 5 | string ~ '!' }} {{ '<b>' | safe }}", "3.0 2.57 3.0 43 3 3.0 5! <b>")]
    [InlineData("{{ d | tojson }} {{ [1, 'a', none, true, 1.5] | tojson }} {{ 'é\"\n' | tojson }}", "{\"x\": 1, \"y\": \"two\"} [1, \"a\", null, true, 1.5] \"é\\\"\\n\"")]
    [InlineData("{{ d | tojson(indent=2) }}", "{\n  \"x\": 1,\n  \"y\": \"two\"\n}")]
    [InlineData("{{ 'x' is string }} {{ d is mapping }} {{ items is iterable }} {{ 1 is string }} {{ 3 is equalto 3 }} {{ 3 is odd }} {{ 4 is divisibleby 2 }} {{ d is iterable }}", "True True True False True True True True")]
    [InlineData("{{ range(3) | list }} {{ range(1, 7, 2) | join(',') }} {{ dict(a=1) }}", "[0, 1, 2] 1,3,5 {'a': 1}")]
    [InlineData("{{ strftime_now('%d %b %Y') }} {{ strftime_now('%-d %B, %H:%M') }}", "26 Jul 2024 26 July, 09:05")]
    [InlineData("{% filter upper %}abc{{ 1 }}{% endfilter %}", "ABC1")]
    [InlineData("{{ 'a' }}{# comment #}{{ 'b' }}{% raw %}{{ not parsed }}{% endraw %}", "ab{{ not parsed }}")]
    public void RendersLikeJinja2(string template, string expected) => Assert.Equal(expected, Render(template));

    [Fact]
    public void MapSelectAndRejectWorkOnMessageLists()
    {
        var messages = new[]
        {
            new Dictionary<string, object?> { ["role"] = "system", ["content"] = "s" },
            new Dictionary<string, object?> { ["role"] = "user", ["content"] = "u1" },
            new Dictionary<string, object?> { ["role"] = "user", ["content"] = "u2", ["tool_calls"] = new[] { 1 } },
        };
        Assert.Equal("u1,u2|s|u2|2|SYSTEM,USER,USER|s",
            Render("{{ items | selectattr('role', 'equalto', 'user') | map(attribute='content') | join(',') }}|" +
                   "{{ items | rejectattr('role', 'equalto', 'user') | map(attribute='content') | first }}|" +
                   "{{ (items | selectattr('tool_calls', 'defined') | first).content }}|" +
                   "{{ items | map(attribute='role') | select('equalto', 'user') | list | length }}|" +
                   "{{ items | map(attribute='role') | map('upper') | join(',') }}|" +
                   "{{ (items | map(attribute='content') | reject('equalto', 'u1') | reject('equalto', 'u2') | list)[0] }}", messages));
    }

    [Theory]
    [InlineData("{{ a }}\n  {%- if true %}\n  x\n  {%- endif %}\n", "  x")]
    [InlineData("a\n  {% if true %}\nb\n  {% endif %}\nc", "a\nb\nc")]
    [InlineData("a  {{- ' b ' -}}  c", "a b c")]
    [InlineData("  {%+ if true %}x{% endif %}", "  x")]
    [InlineData("{% if true +%}\nx{% endif %}", "\nx")]
    [InlineData("a {# note -#}\n\n b", "a b")]
    public void WhitespaceControlFollowsHuggingFacesEnvironment(string template, string expected) => Assert.Equal(expected, Render(template));

    [Theory]
    [InlineData("{{ x | wordwrap }}", "filter 'wordwrap'", 1, 8)]
    [InlineData("line one\n{% call foo() %}{% endcall %}", "tag 'call'", 2, 4)]
    [InlineData("{% if x %}never closed", "tag 'if'", 1, 4)]
    [InlineData("{{ x is frobbed }}", "test 'frobbed'", 1, 9)]
    [InlineData("{{ 'unterminated }}", "string literal", 1, 4)]
    [InlineData("{% for x in items %}\n{% endif %}", "tag 'endif'", 2, 4)]
    [InlineData("{{ (1 }}", "tuple", 1, 7)]
    public void ParseErrorsNameTheConstructAndPosition(string template, string construct, int line, int column)
    {
        var e = Assert.Throws<TemplateException>(() => JinjaTemplate.Parse(template));
        Assert.Equal(construct, e.Construct);
        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.Contains($"line {line}, column {column}", e.Message);
    }

    [Theory]
    [InlineData("{{ 'a' + 1 }}", "operator '+'", 1, 8)]
    [InlineData("ok\n  {{ nothing() }}", "call 'nothing'", 2, 13)]
    [InlineData("{{ 1 / 0 }}", "operator '/'", 1, 6)]
    [InlineData("{{ n | items }}", "filter 'items'", 1, 8)]
    [InlineData("{{ raise_exception('stop here') }}", "raise_exception", 1, 19)]
    public void RenderErrorsNameTheConstructAndPosition(string template, string construct, int line, int column)
    {
        var e = Assert.Throws<TemplateException>(() => Render(template));
        Assert.Equal(construct, e.Construct);
        Assert.Equal((line, column), (e.Line, e.Column));
    }

    [Fact]
    public void ParsedTemplatesAreCachedByText()
    {
        var text = "{{ 'cache' }}" + Guid.NewGuid();
        Assert.Same(JinjaTemplate.Parse(text), JinjaTemplate.Parse(text));
    }

    [Fact]
    public void RecursiveMacroStopsWithAnError()
    {
        var e = Assert.Throws<TemplateException>(() => Render("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}"));
        Assert.Contains("recursed", e.Reason);
    }
}
