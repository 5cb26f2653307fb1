using System.Diagnostics;
using System.Text.Json;
using FastChat.Tests;

namespace FastChat.Cli.Tests;

public sealed class InspectCommandTests
{
    [Fact]
    public void JsonReportsTheStories260KArchitecture()
    {
        var (exit, output, error) = CliRunner.Run("inspect", SharedData.Model("stories260K.gguf"), "--json");
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("llama", root.GetProperty("architecture").GetString());
        var hp = root.GetProperty("hyper_parameters");
        Assert.Equal(5, hp.GetProperty("block_count").GetInt32());
        Assert.Equal(64, hp.GetProperty("embedding_length").GetInt32());
        Assert.Equal(172, hp.GetProperty("feed_forward_length").GetInt32());
        Assert.Equal(8, hp.GetProperty("head_count").GetInt32());
        Assert.Equal(4, hp.GetProperty("head_count_kv").GetInt32());
        Assert.Equal(512, hp.GetProperty("vocab_size").GetInt32());
        Assert.Equal(48, root.GetProperty("tensor_count").GetInt32());
        Assert.Equal(48, root.GetProperty("tensors").GetArrayLength());
        Assert.Equal(512, root.GetProperty("tokenizer").GetProperty("token_count").GetInt32());
        Assert.False(root.GetProperty("tokenizer").GetProperty("has_chat_template").GetBoolean());

        var tensors = root.GetProperty("tensors").EnumerateArray().ToList();
        Assert.Equal(new FileInfo(SharedData.Model("stories260K.gguf")).Length, root.GetProperty("file_bytes").GetInt64());
        Assert.Equal(tensors.Sum(t => t.GetProperty("bytes").GetInt64()), root.GetProperty("total_tensor_bytes").GetInt64());
        var embedding = tensors.Single(t => t.GetProperty("name").GetString() == "token_embd.weight");
        Assert.Equal("F32", embedding.GetProperty("type").GetString());
        Assert.Equal([64, 512], embedding.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));

        var tokens = root.GetProperty("metadata").EnumerateArray().Single(m => m.GetProperty("key").GetString() == "tokenizer.ggml.tokens");
        Assert.Equal("arr[str]", tokens.GetProperty("type").GetString());
        Assert.Equal(512, tokens.GetProperty("count").GetInt32());
        Assert.Equal("<unk>", tokens.GetProperty("preview")[0].GetString());
    }

    [Fact]
    public void TableShowsHyperParametersTokenizerAndTotals()
    {
        var (exit, output, _) = CliRunner.Run("inspect", SharedData.Model("stories260K-mix-q4_0.gguf"));
        Assert.Equal(0, exit);
        Assert.Contains("feed-forward length", output);
        Assert.Contains("172", output);
        Assert.Contains("bos=1, eos=2", output);
        Assert.Contains("total Q4_0", output);
        Assert.Contains("48 tensors", output);
        Assert.Contains("[64, 512]", output); // shapes print literally, not as markup
        Assert.DoesNotContain("\u001b[", output); // no ANSI escapes in captured output
    }

    [Fact]
    public void ChatTemplatePresenceIsReported()
    {
        var (exit, output, _) = CliRunner.Run("inspect", SharedData.Path("tokenizer", "ggml-vocab-phi-3.gguf"), "--json");
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var hasTemplateKey = json.RootElement.GetProperty("metadata").EnumerateArray().Any(m => m.GetProperty("key").GetString() == "tokenizer.chat_template");
        Assert.Equal(hasTemplateKey, json.RootElement.GetProperty("tokenizer").GetProperty("has_chat_template").GetBoolean());
    }

    [Fact]
    public void MissingFileIsAnErrorNotACrash()
    {
        var (exit, _, error) = CliRunner.Run("inspect", "/nonexistent/model.gguf");
        Assert.Equal(2, exit);
        Assert.Contains("does not exist", error);
    }

    [Fact]
    public void CorruptFileNamesTheField()
    {
        var path = Path.GetTempFileName();
        try
        {
            var bytes = File.ReadAllBytes(SharedData.Model("stories260K.gguf"))[..5000];
            File.WriteAllBytes(path, bytes);
            var (exit, _, error) = CliRunner.Run("inspect", path);
            Assert.Equal(2, exit);
            Assert.Contains("Invalid GGUF", error);
            Assert.Contains("at offset", error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void InfoReportsTheNativeLibrary()
    {
        var (exit, output, error) = CliRunner.Run("info", "--json");
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(FastChat.Native.NativeLibraryLoader.ExpectedAbiVersion, json.RootElement.GetProperty("abi_version").GetInt32());
        var level = json.RootElement.GetProperty("kernel_path").GetString();
        Assert.Contains(level, new[] { "avx512", "avx2", "scalar" });
        // Every path starts with the dispatch level (the CLI process runs at the CPU's best one).
        var attention = json.RootElement.GetProperty("attention_paths");
        Assert.Equal(level, attention.GetProperty("f16").GetString());
        Assert.StartsWith(level!, attention.GetProperty("q8_0").GetString());
        Assert.StartsWith(level!, json.RootElement.GetProperty("matmul_paths").GetProperty("q4_0").GetString());
    }

    [Fact]
    public void UnknownCommandFailsWithUsage()
    {
        var (exit, _, error) = CliRunner.Run("frobnicate");
        Assert.NotEqual(0, exit);
        Assert.Contains("frobnicate", error);
    }

    /// <summary>The real executable, as a user runs it: a separate process finding libfastchat.so beside itself.</summary>
    [Fact]
    public async Task ExecutableRunsAsAProcess()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "fastchat.dll"), "inspect", SharedData.Model("stories260K.gguf"), "--json"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, await error);
        using var json = JsonDocument.Parse(await output);
        Assert.Equal("llama", json.RootElement.GetProperty("architecture").GetString());
    }
}
