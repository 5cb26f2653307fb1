using FastChat.Engine.Tokenization;
using FastChat.Gguf;

namespace FastChat.Cli.Tests;

public sealed class GenModelCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fc-genmodel-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    [Fact]
    public void Writes_a_model_that_inspect_and_tokenize_accept()
    {
        var output = PathOf("tiny.gguf");
        var (exitCode, stdout, stderr) = CliRunner.Run("gen-model", "--arch", "llama", "--preset", "tiny", "--type", "Q8_0", "--seed", "5", output);
        Assert.True(exitCode == 0, stderr);
        Assert.Contains("wrote " + output, stdout);
        Assert.Contains("tiny, Q8_0, seed 5", stdout);

        using (var file = GgufFile.Open(output))
        {
            Assert.Equal(512u, file.HyperParameters.VocabSize);
            Assert.Equal(GgmlType.Q8_0, file.GetTensor("blk.0.attn_q.weight").Type);
            var tokenizer = TokenizerFactory.Create(file);
            Assert.Equal("Hello, world!", tokenizer.Decode(tokenizer.Encode("Hello, world!", addSpecialTokens: false)));
        }
        var inspect = CliRunner.Run("inspect", output);
        Assert.Equal(0, inspect.ExitCode);
        var tokenize = CliRunner.Run("tokenize", "-m", output, "-p", "Hello world", "--json");
        Assert.Equal(0, tokenize.ExitCode);
        Assert.StartsWith("{\"ids\":[1,", tokenize.Output);
    }

    [Fact]
    public void The_same_seed_writes_the_same_file()
    {
        Assert.Equal(0, CliRunner.Run("gen-model", "-p", "tiny", "--seed", "9", "--threads", "1", PathOf("a.gguf")).ExitCode);
        Assert.Equal(0, CliRunner.Run("gen-model", "-p", "tiny", "--seed", "9", PathOf("b.gguf")).ExitCode);
        Assert.Equal(File.ReadAllBytes(PathOf("a.gguf")), File.ReadAllBytes(PathOf("b.gguf")));
    }

    [Theory]
    [InlineData("--preset", "gpt-9", "unknown preset 'gpt-9'; use one of tiny,")]
    [InlineData("--type", "Q3_K", "unknown or unsupported type 'Q3_K'")]
    [InlineData("--arch", "qwen2", "preset tiny is a llama model, not qwen2")]
    [InlineData("--threads", "0", "--threads must be at least 1")]
    public void Bad_arguments_exit_with_2_and_say_why(string option, string value, string message)
    {
        var args = new List<string> { "gen-model", "--preset", "tiny", PathOf("x.gguf") };
        var at = args.IndexOf(option);
        if (at >= 0) args[at + 1] = value;
        else args.AddRange([option, value]);
        var (exitCode, _, stderr) = CliRunner.Run([.. args]);
        Assert.Equal(2, exitCode);
        Assert.Contains(message, stderr);
        Assert.False(File.Exists(PathOf("x.gguf")));
    }

    [Fact]
    public void An_existing_file_is_kept_unless_forced()
    {
        var output = PathOf("keep.gguf");
        File.WriteAllText(output, "not a model");
        var refused = CliRunner.Run("gen-model", "-p", "tiny", output);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--force", refused.Error);
        Assert.Equal("not a model", File.ReadAllText(output));

        Assert.Equal(0, CliRunner.Run("gen-model", "-p", "tiny", "--force", output).ExitCode);
        using var file = GgufFile.Open(output);
        Assert.Equal("llama", file.HyperParameters.Architecture);
    }

    [Fact]
    public void K_quant_fallbacks_are_noted()
    {
        var (exitCode, _, stderr) = CliRunner.Run("gen-model", "-p", "tiny", "-t", "Q6_K", PathOf("k.gguf"));
        Assert.Equal(0, exitCode);
        Assert.Contains("note: token_embd.weight: rows of 64 are not whole Q6_K blocks, written as Q8_0", stderr);
    }
}
