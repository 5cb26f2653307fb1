using FastChat.Tests;

namespace FastChat.Cli.Tests;

/// <summary>`fastchat chat` driven through its input: turns, the template choice, /reset and /exit.</summary>
public sealed class ChatCommandTests
{
    private static readonly string Model = SharedData.Model("stories260K.gguf");

    [Fact]
    public void AnswersEachTurnWithTheChosenTemplate()
    {
        var (exit, output, error) = CliRunner.RunWithInput("Tell me a story.\n/reset\nOnce upon a time\n/exit\n",
            "chat", "-m", Model, "--chat-template", "vicuna_v1.1", "--temp", "0", "-n", "12", "-t", "1");
        Assert.True(exit == 0, error);
        Assert.Contains("chat template: vicuna_v1.1 (explicit)", error);
        // Four prompts ("> ") were shown: two answered turns, the /reset and the one that read /exit.
        var parts = output.Split("> ");
        Assert.Equal(5, parts.Length);
        Assert.Equal("", parts[2]); // /reset answers nothing
        var answers = new[] { parts[1], parts[3] };
        Assert.All(answers, a => Assert.False(string.IsNullOrWhiteSpace(a)));
    }

    [Fact]
    public void WithoutATemplateTheDefaultIsUsedAndSaid()
    {
        var (exit, _, error) = CliRunner.RunWithInput("Hello\n", "chat", "-m", Model, "--temp", "0", "-n", "4", "-t", "1");
        Assert.True(exit == 0, error);
        Assert.Contains("chat template: one_shot (default)", error);
    }

    [Fact]
    public void UnknownTemplateIsAClearError()
    {
        var (exit, _, error) = CliRunner.RunWithInput("Hello\n", "chat", "-m", Model, "--chat-template", "no-such-template");
        Assert.Equal(2, exit);
        Assert.Contains("no-such-template", error);
    }
}
