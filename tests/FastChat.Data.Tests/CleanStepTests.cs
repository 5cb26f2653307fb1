using FastChat.Data.Steps;

namespace FastChat.Data.Tests;

public sealed class CleanStepTests
{
    private static ShareGptSample Sample(string id, params string[] values) =>
        new(id, values.Select((v, i) => new ShareGptTurn(i % 2 == 0 ? "human" : "gpt", v)).ToList());

    [Fact]
    public void DropsEachBadKindOnceUnderItsReasonAndKeepsTheRest()
    {
        var input = new List<ShareGptSample>
        {
            Sample("ok", "<p>Hi <b>there</b></p>", "<div>Hello</div>"),
            Sample("short", "only a question"),
            Sample("openai", "who made you", "OpenAI did"),
            Sample("empty", "question", "<div> </div>"),
            Sample("huge", "q", new string('x', 300_000)),
            new("order", [new("gpt", "a"), new("human", "b")]),
            Sample("dup", "<p>Hi <b>there</b></p>", "<div>Hello</div>"),
        };
        var report = new DataReport();
        var kept = new CleanStep().Apply(input, report).ToList();
        Assert.Equal(["ok"], kept.Select(s => s.Id));
        Assert.Equal("Hi **there**", kept[0].Conversations[0].Value);
        Assert.Equal("Hello", kept[0].Conversations[1].Value);
        foreach (var reason in new[] { DropReasons.TooShort, DropReasons.UnwantedWord, DropReasons.EmptyMessage, DropReasons.HugeMessage, DropReasons.WrongRoleOrder, DropReasons.Duplicate })
            Assert.Equal(1, report.DroppedFor(reason));
        Assert.Equal(input.Count, kept.Count + report.Dropped);
        Assert.Contains("300000 characters", report.Examples("clean", DropReasons.HugeMessage)[0]);
    }

    [Fact]
    public void UnwantedWordsAreAParameter()
    {
        var report = new DataReport();
        var kept = new CleanStep(new CleanOptions { UnwantedWords = ["banana"] }).Apply([Sample("a", "OpenAI?", "yes"), Sample("b", "a Banana", "no")], report).ToList();
        Assert.Equal(["a"], kept.Select(s => s.Id));
    }

    [Theory]
    [InlineData("plain text &amp; more", "plain text & more")]
    [InlineData("<h2>Title</h2><p>Some <em>text</em> and <code>x_y</code>.</p>", "## Title\n\nSome *text* and `x_y`.")]
    [InlineData("<ol><li>one</li><li>two</li></ol>", "1. one\n2. two")]
    [InlineData("<ul><li>a</li><li>b</li></ul>", "* a\n* b")]
    [InlineData("see <a href=\"https://x.org\">this</a>", "see [this](https://x.org)")]
    [InlineData("<pre><span>python</span>Copy code<code>print(1)\nx = 2\n</code></pre>", "```python\nprint(1)\nx = 2\n```")]
    [InlineData("1 / 2Here is the answer", "Here is the answer")]
    [InlineData("line one<br>line two", "line one  \nline two")]
    public void HtmlBecomesMarkdownAsFastChatsCleanerMakesIt(string html, string markdown) =>
        Assert.Equal(markdown, HtmlToMarkdown.Convert(html));
}
