using FastChat.Tests;

namespace FastChat.Cli.Tests;

public sealed class QuantizeCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fc-quantize-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Output => Path.Combine(_folder, "out.gguf");

    [Fact]
    public void QuantizesToTheMixQ8_0FileAndReportsThroughput()
    {
        var (exit, output, error) = CliRunner.Run("quantize", SharedData.Model("stories260K.gguf"), Output, "--type", "q8_0", "--tensor-type", "ffn_down=f16", "--threads", "2");
        Assert.True(exit == 0, error);
        Assert.Equal(File.ReadAllBytes(SharedData.Model("stories260K-mix-q8_0.gguf")), File.ReadAllBytes(Output));
        Assert.Contains("48 tensors (Q8_0: 32, F32: 11, F16: 5)", output);
        Assert.Matches(@"MB/s\)", output);
    }

    [Fact]
    public void RepeatedTensorTypesApplyInOrder()
    {
        var (exit, _, error) = CliRunner.Run("quantize", SharedData.Model("stories260K.gguf"), Output, "-t", "Q4_0",
            "--tensor-type", "attn_q=q8_0", "--tensor-type", @"blk\.0\.attn_q=f32", "--output-tensor-type", "f16");
        Assert.True(exit == 0, error);
        using var gguf = FastChat.Gguf.GgufFile.Open(Output);
        Assert.Equal(FastChat.Gguf.GgmlType.F32, gguf.GetTensor("blk.0.attn_q.weight").Type);
        Assert.Equal(FastChat.Gguf.GgmlType.Q8_0, gguf.GetTensor("blk.1.attn_q.weight").Type);
        Assert.Equal(FastChat.Gguf.GgmlType.F16, gguf.GetTensor("output.weight").Type);
        Assert.Equal(FastChat.Gguf.GgmlType.Q4_0, gguf.GetTensor("blk.1.attn_k.weight").Type);
    }

    [Theory]
    [InlineData("--type", "Q3_K_M")]
    [InlineData("--tensor-type", "ffn_down")]
    [InlineData("--output-tensor-type", "q9_0")]
    public void BadArgumentsExitWith2AndWriteNothing(string option, string value)
    {
        var args = option == "--type"
            ? new[] { "quantize", SharedData.Model("stories260K.gguf"), Output, option, value }
            : ["quantize", SharedData.Model("stories260K.gguf"), Output, "--type", "q8_0", option, value];
        var (exit, _, error) = CliRunner.Run(args);
        Assert.Equal(2, exit);
        Assert.Contains(value, error);
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public void AnOverrideThatDoesNotFitIsReportedWithTheTensorName()
    {
        var (exit, _, error) = CliRunner.Run("quantize", SharedData.Model("stories260K.gguf"), Output, "--type", "q8_0", "--tensor-type", "ffn_down=q8_0");
        Assert.Equal(2, exit);
        Assert.Contains("blk.0.ffn_down.weight", error);
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public void AMissingInputIsReported()
    {
        var (exit, _, error) = CliRunner.Run("quantize", Path.Combine(_folder, "nope.gguf"), Output, "--type", "q8_0");
        Assert.Equal(2, exit);
        Assert.Contains("does not exist", error);
    }
}
