using System.Text.Json;
using FastChat.Tests;

namespace FastChat.Cli.Tests;

/// <summary>`fastchat compare`: the quantization quality report from the command line.</summary>
public sealed class CompareCommandTests
{
    [Fact]
    public void ReportsPerplexitiesDivergenceAndAgreement()
    {
        var text = Path.GetTempFileName();
        try
        {
            File.WriteAllText(text, string.Concat(Enumerable.Repeat("Lily and Tom went to the park to play with a big red ball. ", 8)));
            var (exit, output, error) = CliRunner.Run("compare", SharedData.Model("stories260K.gguf"), SharedData.Model("stories260K-mix-q4_0.gguf"),
                                                      "-f", text, "--chunk", "64", "-t", "1", "--json");
            Assert.True(exit == 0, error);
            var json = JsonDocument.Parse(output).RootElement;
            Assert.True(json.GetProperty("mean_kl_divergence").GetDouble() > 0);
            Assert.InRange(json.GetProperty("top_token_agreement").GetDouble(), 0.5, 1.0);
            Assert.True(json.GetProperty("quantized_perplexity").GetDouble() > 1);
        }
        finally
        {
            File.Delete(text);
        }
    }

    [Fact]
    public void MissingFileIsAnInputError()
    {
        var (exit, _, error) = CliRunner.Run("compare", SharedData.Model("stories260K.gguf"), "/no/such.gguf", "-f", "/no/text.txt");
        Assert.Equal(2, exit);
        Assert.Contains("does not exist", error);
    }
}
