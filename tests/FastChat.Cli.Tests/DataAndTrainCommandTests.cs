using FastChat.Tests;

namespace FastChat.Cli.Tests;

/// <summary>`fastchat data prepare` then `fastchat train sft` end to end on the real dummy conversations and stories260K.</summary>
public sealed class DataAndTrainCommandTests
{
    [Fact]
    public void PreparedDataTrainsAModelTheEngineCanRun()
    {
        var work = Path.Combine(Path.GetTempPath(), $"fastchat-sft-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            var model = SharedData.Model("stories260K.gguf");
            var (exit, _, error) = CliRunner.Run("data", "prepare", "-i", SharedData.Path("fastchat-data", "dummy_conversation.json"),
                "-m", model, "-o", work, "--prefix", "t", "--max-length", "128", "--ratio", "0.9", "--no-html");
            Assert.True(exit == 0, error);
            var train = Directory.GetFiles(work, "t_train*.json").OrderByDescending(File.GetLastWriteTimeUtc).First();

            var output = Path.Combine(work, "tuned.gguf");
            (exit, _, error) = CliRunner.Run("train", "sft", "-m", model, "-d", train, "-o", output,
                "--model-max-length", "128", "--max-steps", "3", "--batch-size", "2", "--lr", "1e-3");
            Assert.True(exit == 0, error);

            string text;
            (exit, text, error) = CliRunner.Run("generate", "-m", output, "-p", "USER: Hi ASSISTANT:", "-n", "8", "--temp", "0", "-t", "1");
            Assert.True(exit == 0, error);
            Assert.False(string.IsNullOrWhiteSpace(text));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public void PrepareOnAMissingFileIsAnInputError()
    {
        var (exit, _, error) = CliRunner.Run("data", "prepare", "-i", "/no/such.json", "-m", SharedData.Model("stories260K.gguf"), "-o", Path.GetTempPath());
        Assert.NotEqual(0, exit);
        Assert.Contains("such.json", error);
    }
}
