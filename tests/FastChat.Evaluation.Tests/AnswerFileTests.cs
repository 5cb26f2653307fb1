using FastChat.Evaluation.Answers;
using FastChat.Evaluation.Data;

namespace FastChat.Evaluation.Tests;

public sealed class AnswerFileTests
{
    private static ModelAnswer Answer(long id, string text, int choices = 1) =>
        new(QuestionId.FromNumber(id), ShortId.New(), "m", [.. Enumerable.Range(0, choices).Select(i => new AnswerChoice(i, [text]))], 1.5);

    [Fact]
    public void Reorganize_KeepsTheLastAnswerPerQuestion_SortedNumerically()
    {
        using var dir = new TempDirectory();
        var path = dir.File("m.jsonl");
        using (var appender = new JsonLinesAppender(path))
            foreach (var a in new[] { Answer(100, "a"), Answer(9, "b"), Answer(100, "c"), Answer(81, "d") }) appender.Append(a);
        Assert.Equal(3, AnswerFile.Reorganize(path));
        var lines = EvalData.RawLines(path);
        Assert.Equal([9, 81, 100], lines.Select(l => l.GetProperty("question_id").GetInt32()));
        Assert.Equal("c", lines[2].GetProperty("choices")[0].GetProperty("turns")[0].GetString());
        Assert.Equal(["question_id", "answer_id", "model_id", "choices", "tstamp"], lines[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void AnsweredQuestions_NeedEnoughChoices()
    {
        using var dir = new TempDirectory();
        var path = dir.File("m.jsonl");
        JsonLines.Write(path, [Answer(1, "x", choices: 2), Answer(2, "y", choices: 1)]);
        Assert.Equal([QuestionId.FromNumber(1), QuestionId.FromNumber(2)], AnswerFile.AnsweredQuestions(path, 1).Order());
        Assert.Equal([QuestionId.FromNumber(1)], AnswerFile.AnsweredQuestions(path, 2));
        Assert.Empty(AnswerFile.AnsweredQuestions(dir.File("none.jsonl"), 1));
    }

    [Fact]
    public void QuestionIds_KeepTheirJsonKind_AndNumbersSortBeforeStrings()
    {
        var numeric = System.Text.Json.JsonSerializer.Deserialize<QuestionId>("81", EvalJson.Options);
        var text = System.Text.Json.JsonSerializer.Deserialize<QuestionId>("\"abc\"", EvalJson.Options);
        Assert.Equal("81", JsonLines.Serialize(numeric));
        Assert.Equal("\"abc\"", JsonLines.Serialize(text));
        Assert.Equal([QuestionId.FromNumber(2), QuestionId.FromNumber(10), text], new[] { text, QuestionId.FromNumber(10), QuestionId.FromNumber(2) }.Order());
    }

    [Fact]
    public void ShortIds_Are22CharsOfTheAlphabet_AndDistinct()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => ShortId.New()).ToList();
        Assert.All(ids, id => Assert.Equal(22, id.Length));
        Assert.All(ids, id => Assert.True(id.All(ShortId.Alphabet.Contains)));
        Assert.Equal(1000, ids.Distinct().Count());
    }

    [Theory]
    [InlineData("writing", 0.7f)]
    [InlineData("roleplay", 0.7f)]
    [InlineData("extraction", 0f)]
    [InlineData("math", 0f)]
    [InlineData("coding", 0f)]
    [InlineData("reasoning", 0f)]
    [InlineData("stem", 0.1f)]
    [InlineData("humanities", 0.1f)]
    [InlineData("generic", 0.7f)]
    public void CategoryTemperatures_MatchFastChat(string category, float temperature) =>
        Assert.Equal(temperature, CategoryDefaults.Temperature(category));
}
