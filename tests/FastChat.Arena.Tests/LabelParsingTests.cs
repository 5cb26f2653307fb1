using FastChat.Arena.Labeling;

namespace FastChat.Arena.Tests;

public sealed class LabelParsingTests
{
    [Fact]
    public void Criteria_ListOfNumbers()
    {
        var label = BuiltInCategories.Criteria.Parse("The prompt satisfies [1, 2, 6, 7].");
        Assert.True(label.Parsed);
        Assert.Equal("""{"specificity":true,"domain_knowledge":true,"complexity":false,"problem_solving":false,"creativity":false,"technical_accuracy":true,"real_world":true}""",
            label.Value.ToJsonString());
        // Two different lists: no verdict, all false (FastChat returns []).
        var conflicting = BuiltInCategories.Criteria.Parse("[1, 2] or maybe [3]");
        Assert.False(conflicting.Parsed);
        Assert.DoesNotContain("true", conflicting.Value.ToJsonString());
        Assert.True(BuiltInCategories.Criteria.Parse("[4] ... as I said, [4]").Parsed);
    }

    [Theory]
    [InlineData("<score>4</score>", true, 4)]
    [InlineData("<score>5</score>", true, 5)]
    [InlineData("<score>3</score>", false, 3)]
    [InlineData("<score>0</score>", false, 0)]
    public void InstructionFollowing_CountsScoresFromFour(string answer, bool expected, int score)
    {
        var label = BuiltInCategories.InstructionFollowing.Parse(answer);
        Assert.True(label.Parsed);
        Assert.Equal(expected, (bool)label.Value["if"]!);
        Assert.Equal(score, (int)label.Value["score"]!);
    }

    [Fact]
    public void InstructionFollowing_WithoutScore_IsFalseWithNullScore()
    {
        var label = BuiltInCategories.InstructionFollowing.Parse("Once upon a time there was a cat.");
        Assert.False(label.Parsed);
        Assert.Equal("""{"if":false,"score":null}""", label.Value.ToJsonString());
    }

    [Fact]
    public void Decisions_AreCaseAndNewlineInsensitive()
    {
        Assert.True((bool)BuiltInCategories.Math.Parse("<decision>\nYES\n</decision>").Value["math"]!);
        Assert.False((bool)BuiltInCategories.Math.Parse("<decision>no</decision>").Value["math"]!);
        Assert.False(BuiltInCategories.Math.Parse("<decision>[yes]</decision>").Parsed); // brackets only tolerated by creative writing
        var creative = BuiltInCategories.CreativeWriting.Parse("<decision>\n[Yes]\n</decision>");
        Assert.Equal("""{"creative_writing":true,"score":"yes"}""", creative.Value.ToJsonString());
    }

    [Fact]
    public void Config_ReadsFastChatYamlAndCustomCategories()
    {
        var config = LabelConfig.Parse("""
            model_name: llama-3-70b-instruct
            endpoints:
              - api_base: http://127.0.0.1:8000/v1
                api_key: secret
            parallel: 4
            batch_size: 10
            temperature: 0.0
            max_token: 64
            task_name:
              - math_v0.1
              - poetry_v0.1
            categories:
              - name: poetry_v0.1
                kind: decision
                system_prompt: "Is this a poem request? <decision>yes/no</decision>"
                prompt_template: "<user_prompt>{PROMPT}</user_prompt>"
            """);
        Assert.Equal(("llama-3-70b-instruct", 4, 10, 64), (config.ModelName, config.Parallel, config.BatchSize, config.MaxToken));
        Assert.Equal("http://127.0.0.1:8000/v1", config.Endpoints[0].ApiBase);
        var categories = config.ResolveCategories();
        Assert.Equal(["math_v0.1", "poetry_v0.1"], categories.Select(c => c.NameTag));
        Assert.Equal("poetry", categories[1].OutputKey);
        Assert.Equal("<user_prompt>write one</user_prompt>", categories[1].BuildMessages("write one")[1].Content);
        Assert.Throws<ArenaException>(() => LabelConfig.Parse("task_name: [nonsense_v9]"));
    }
}
