using FastChat.Evaluation.Data;
using FastChat.Evaluation.Judging;

namespace FastChat.Evaluation.Tests;

public sealed class PythonFormatTests
{
    [Fact]
    public void ReplacesNamesAndUnescapesBraces() =>
        Assert.Equal("{x} = 1 and }", PythonFormat.Format("{{x}} = {x} and }}", new Dictionary<string, string> { ["x"] = "1", ["unused"] = "?" }));

    [Fact]
    public void InsertedValuesAreNotReformatted() =>
        Assert.Equal("a {b} c", PythonFormat.Format("a {v} c", new Dictionary<string, string> { ["v"] = "{b}" }));

    [Theory]
    [InlineData("{missing}")]
    [InlineData("open { only")]
    [InlineData("close } only")]
    [InlineData("{x:>4}")]
    public void BadTemplatesThrow(string template) =>
        Assert.Throws<FormatException>(() => PythonFormat.Format(template, new Dictionary<string, string> { ["x"] = "1" }));

    [Fact]
    public void EveryJudgePrompt_FillsWithItsPlaceholders()
    {
        var prompts = BenchData.LoadJudgePrompts(EvalData.JudgePrompts);
        Assert.Equal(8, prompts.Count);
        var values = new[] { "question", "question_1", "question_2", "answer", "answer_1", "answer_2", "answer_a", "answer_b",
                              "answer_a_1", "answer_a_2", "answer_b_1", "answer_b_2", "ref_answer_1", "ref_answer_2" }
            .ToDictionary(n => n, n => $"<{n.ToUpperInvariant()}>");
        foreach (var prompt in prompts.Values)
        {
            var filled = PythonFormat.Format(prompt.PromptTemplate, values);
            Assert.DoesNotContain("{", filled);
            var used = values.Keys.Where(k => prompt.PromptTemplate.Contains("{" + k + "}")).ToList();
            Assert.NotEmpty(used);
            foreach (var name in used) Assert.Contains(values[name], filled);
        }
    }
}
