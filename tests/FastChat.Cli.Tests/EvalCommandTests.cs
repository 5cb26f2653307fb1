using System.Text.Json;
using FastChat.Tests;

namespace FastChat.Cli.Tests;

/// <summary>`fastchat eval` verbs on the real judgment data in ../shared/fastchat-data.</summary>
public sealed class EvalCommandTests
{
    private static string Data(params string[] parts) => SharedData.Path(["fastchat-data", .. parts]);

    [Fact]
    public void ShowSingle_Skycamp_PrintsGpt35TurnOneAverage()
    {
        var (code, output, error) = CliRunner.Run("eval", "show", "--bench-dir", Data("skycamp"), "--mode", "single");
        Assert.True(code == 0, error);
        Assert.Contains("First turn", output);
        Assert.Matches(@"gpt-3\.5-turbo\s*│\s*9\.600000\s*│\s*5", output);
        Assert.Contains("generic", output); // per-category table from skycamp/question.jsonl
    }

    [Fact]
    public void ShowPairwiseBaseline_Skycamp_PrintsWinsLossesTiesAndAdjustedRate()
    {
        using var dir = new TempFolder();
        var chart = Path.Combine(dir.Path, "pair.png");
        var (code, output, error) = CliRunner.Run("eval", "show", "--bench-dir", Data("skycamp"), "--mode", "pairwise-baseline",
                                                  "--baseline-model", "gpt-3.5-turbo", "--chart", chart);
        Assert.True(code == 0, error);
        Assert.Matches(@"gpt-4\s*│\s*3\s*│\s*1\s*│\s*1\s*│\s*0\.600000\s*│\s*0\.200000\s*│\s*0\.700000", output);
        Assert.True(new FileInfo(chart).Length > 1000);
    }

    [Fact]
    public void ExportPairwise_Skycamp_WritesTheConsistentRows()
    {
        using var dir = new TempFolder();
        var output = Path.Combine(dir.Path, "pairs.jsonl");
        var (code, text, error) = CliRunner.Run("eval", "export-pairwise", "--bench-dir", Data("skycamp"), "-o", output);
        Assert.True(code == 0, error);
        Assert.Contains("4 of 5 judgments exported", text);
        var rows = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal(r.GetProperty("winner_model_1_ordered_first").GetString(), r.GetProperty("winner_model_2_ordered_first").GetString()));
    }

    [Fact]
    public void Agreement_OfAFileWithItself_IsComplete()
    {
        var file = Data("skycamp", "model_judgment", "gpt-4_pair.jsonl");
        var (code, output, error) = CliRunner.Run("eval", "agreement", "--votes", file + "=a", file + "=b");
        Assert.True(code == 0, error);
        Assert.Contains("turn 1 with tie. #total: 5, #agree: 5, ratio: 1.00", output);
        Assert.Contains("turn 1 without tie. #total: 4, #agree: 4, ratio: 1.00", output);
    }

    [Fact]
    public void VicunaReview_PrintsThePublishedTotals()
    {
        var (code, output, error) = CliRunner.Run("eval", "vicuna-review", "--table", Data("vicuna-eval", "table"));
        Assert.True(code == 0, error);
        Assert.Matches(@"llama-13b\s*│\s*513\.0\s*│\s*vicuna-13b\s*│\s*694\.0", output);
        Assert.Matches(@"bard\s*│\s*664\.0\s*│\s*vicuna-13b\s*│\s*655\.5", output);
    }

    [Fact]
    public void Judge_WithMissingAnswers_FailsWithInputError()
    {
        using var dir = new TempFolder();
        var (code, _, error) = CliRunner.Run("eval", "judge", "--bench-dir", Data("skycamp"), "--answer-dir", dir.Path, "--model-list", "nobody",
                                             "--judge-file", Data("judge_prompts.jsonl"), "--output", Path.Combine(dir.Path, "j.jsonl"));
        Assert.Equal(2, code);
        Assert.Contains("no answer file for model 'nobody'", error);
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("fastchat-eval-cli-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
