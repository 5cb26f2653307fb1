using FastChat.Arena.Battles;
using FastChat.Tests;

namespace FastChat.Arena.Tests;

/// <summary>../shared/fastchat-data/arena/arena_hard_battles.jsonl, read once.</summary>
internal static class ArenaHardData
{
    private static readonly Lazy<List<Battle>> Lazy = new(() => BattleReader.ReadFile(Path));

    public static string Path => SharedData.Path("fastchat-data", "arena", "arena_hard_battles.jsonl");

    public static IReadOnlyList<Battle> Battles => Lazy.Value;
}
