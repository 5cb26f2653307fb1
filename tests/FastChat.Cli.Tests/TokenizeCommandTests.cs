using System.Text.Json;
using FastChat.Tests;

namespace FastChat.Cli.Tests;

public sealed class TokenizeCommandTests
{
    private static readonly string LlamaVocab = SharedData.Path("tokenizer", "ggml-vocab-llama-spm.gguf");

    private static int[] Ids(string json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();

    [Fact]
    public void JsonPrintsTheIdsWithBos()
    {
        var (exit, output, error) = CliRunner.Run("tokenize", "-m", LlamaVocab, "-p", "Hello world", "--json");
        Assert.True(exit == 0, error);
        Assert.Equal([1, 15043, 3186], Ids(output));
    }

    [Fact]
    public void NoBosAndParseSpecialAreHonoured()
    {
        var (exit, output, _) = CliRunner.Run("tokenize", "-m", LlamaVocab, "-p", "Hello world", "--no-bos", "--json");
        Assert.Equal(0, exit);
        Assert.Equal([15043, 3186], Ids(output));

        (exit, output, _) = CliRunner.Run("tokenize", "-m", LlamaVocab, "-p", "<s>Hi</s>", "--no-bos", "--parse-special", "--json");
        Assert.Equal(0, exit);
        var ids = Ids(output);
        Assert.Equal(1, ids[0]);
        Assert.Equal(2, ids[^1]);
    }

    [Fact]
    public void ReadsLongInputFromAFile()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, string.Join(" ", Enumerable.Repeat("Hello world", 2000)));
            var (exit, output, error) = CliRunner.Run("tokenize", "-m", SharedData.Path("tokenizer", "ggml-vocab-gpt-2.gguf"), "--file", path, "--json");
            Assert.True(exit == 0, error);
            Assert.Equal(4000, Ids(output).Length); // "Hello"/" Hello" and " world" per repeat
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TableListsIdTokenAndPiece()
    {
        var (exit, output, _) = CliRunner.Run("tokenize", "-m", LlamaVocab, "-p", "Hello 🦙");
        Assert.Equal(0, exit);
        Assert.Contains("15043  ▁Hello", output);
        Assert.Contains("' Hello'", output);
        Assert.Contains("<0xF0>", output);
        Assert.Contains("'\\xF0'", output);
        Assert.Contains("tokens", output);
    }

    [Fact]
    public void MissingOrBadFilesExitWithCode2()
    {
        var (exit, _, error) = CliRunner.Run("tokenize", "-m", "/nonexistent/model.gguf", "-p", "x");
        Assert.Equal(2, exit);
        Assert.Contains("does not exist", error);

        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, File.ReadAllBytes(LlamaVocab)[..4000]);
            (exit, _, error) = CliRunner.Run("tokenize", "-m", path, "-p", "x");
            Assert.Equal(2, exit);
            Assert.Contains("Invalid GGUF", error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AFileWithoutATokenizerExitsWithCode2()
    {
        var path = Path.GetTempFileName();
        try
        {
            var metadata = new FastChat.Gguf.GgufMetadata();
            metadata.Set(FastChat.Gguf.GgufKeys.Architecture, FastChat.Gguf.GgufValue.String("llama"));
            new FastChat.Gguf.GgufWriter(metadata).WriteFile(path);
            var (exit, _, error) = CliRunner.Run("tokenize", "-m", path, "-p", "x");
            Assert.Equal(2, exit);
            Assert.Contains("tokenizer.ggml.model", error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TextMustComeFromExactlyOneSource()
    {
        var (exit, _, error) = CliRunner.Run("tokenize", "-m", LlamaVocab);
        Assert.Equal(2, exit);
        Assert.Contains("--prompt", error);
    }
}
