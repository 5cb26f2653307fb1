using System.CommandLine;

namespace FastChat.Cli.Commands;

/// <summary>`fastchat arena clean|leaderboard|label`: battle logs, ratings and category labelling.</summary>
public static class ArenaCommand
{
    public static Command Create(CliContext context) =>
        new("arena", "Chatbot Arena tools: clean battle logs, compute leaderboards, label conversations with categories")
        {
            ArenaCleanCommand.Create(context),
            ArenaLeaderboardCommand.Create(context),
            ArenaLabelCommand.Create(context),
        };
}
