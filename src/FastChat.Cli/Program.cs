namespace FastChat.Cli;

public static class Program
{
    public static int Main(string[] args) => FastChatCli.Run(args, Console.Out, Console.Error);
}
