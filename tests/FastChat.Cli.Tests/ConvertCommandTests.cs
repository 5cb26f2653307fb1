using FastChat.Tests;

namespace FastChat.Cli.Tests;

public sealed class ConvertCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fc-convert-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string HfDir => Path.Combine(_folder, "hf");

    [Fact]
    public void ExportThenConvertRoundTripsStories260K()
    {
        var (exit, _, error) = CliRunner.Run("export", SharedData.Model("stories260K.gguf"), HfDir);
        Assert.True(exit == 0, error);
        var back = Path.Combine(_folder, "back.gguf");
        (exit, var output, error) = CliRunner.Run("convert", HfDir, back);
        Assert.True(exit == 0, error);
        Assert.Contains("48 tensors (F32: 48)", output);
        using var original = FastChat.Gguf.GgufFile.Open(SharedData.Model("stories260K.gguf"));
        using var converted = FastChat.Gguf.GgufFile.Open(back);
        foreach (var tensor in original.Tensors)
            Assert.True(original.GetTensorData(tensor).SequenceEqual(converted.GetTensorData(converted.GetTensor(tensor.Name))), tensor.Name);
    }

    [Fact]
    public void ConvertCanQuantize()
    {
        Assert.Equal(0, CliRunner.Run("export", SharedData.Model("stories260K.gguf"), HfDir).ExitCode);
        var (exit, output, error) = CliRunner.Run("convert", HfDir, Path.Combine(_folder, "q.gguf"), "--type", "Q6_K");
        Assert.True(exit == 0, error);
        Assert.Contains("48 tensors (Q8_0: 32, F32: 11, F16: 5)", output);
    }

    [Fact]
    public void AnUnsupportedArchitectureExitsWith2AndWritesNothing()
    {
        Assert.Equal(0, CliRunner.Run("export", SharedData.Model("stories260K.gguf"), HfDir).ExitCode);
        var config = Path.Combine(HfDir, "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("LlamaForCausalLM", "FalconForCausalLM"));
        var (exit, _, error) = CliRunner.Run("convert", HfDir, Path.Combine(_folder, "out.gguf"));
        Assert.Equal(2, exit);
        Assert.Contains("FalconForCausalLM", error);
        Assert.Equal(["hf"], Directory.GetFileSystemEntries(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public void AMissingFolderIsReported()
    {
        var (exit, _, error) = CliRunner.Run("convert", Path.Combine(_folder, "nope"), Path.Combine(_folder, "out.gguf"));
        Assert.Equal(2, exit);
        Assert.Contains("does not exist", error);
    }
}
