using FastChat.Cli.Commands;
using FastChat.Tests;

namespace FastChat.Cli.Tests;

public sealed class ExportCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fc-export-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void WritesAShardedCheckpointWithConfigAndTokenizer()
    {
        var hf = Path.Combine(_folder, "hf");
        var (exit, output, error) = CliRunner.Run("export", SharedData.Model("llama-2-tiny-random.gguf"), hf, "--shard-size", "300KB");
        Assert.True(exit == 0, error);
        foreach (var name in new[] { "config.json", "tokenizer.model", "tokenizer_config.json", "model.safetensors.index.json" })
        {
            Assert.True(File.Exists(Path.Combine(hf, name)), name);
            Assert.Contains(name, output);
        }
        // token_embd and output (512000 bytes each) cannot share a 300 KB shard with anything.
        Assert.Equal(3, Directory.GetFiles(hf, "model-0000?-of-00003.safetensors").Length);
    }

    [Fact]
    public void ANonEmptyTargetOrAnUnsupportedModelExitsWith2()
    {
        File.WriteAllText(Path.Combine(_folder, "keep.txt"), "x");
        var (exit, _, error) = CliRunner.Run("export", SharedData.Model("stories260K.gguf"), _folder);
        Assert.Equal(2, exit);
        Assert.Contains("not empty", error);
        (exit, _, error) = CliRunner.Run("export", SharedData.Path("tokenizer", "ggml-vocab-gpt-2.gguf"), Path.Combine(_folder, "x"));
        Assert.Equal(2, exit);
        Assert.Contains("gpt2", error);
        Assert.Equal(["keep.txt"], Directory.GetFileSystemEntries(_folder).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("5GB", 5_000_000_000L)]
    [InlineData("500MiB", 500L << 20)]
    [InlineData("1.5KB", 1500L)]
    [InlineData("1234", 1234L)]
    public void ShardSizesParse(string text, long expected) => Assert.Equal(expected, ExportCommand.ParseSize(text));

    [Theory]
    [InlineData("big")]
    [InlineData("-5GB")]
    [InlineData("0")]
    public void BadShardSizesAreRejected(string text) => Assert.Throws<ArgumentException>(() => ExportCommand.ParseSize(text));
}
