using FastChat.Arena.Battles;
using FastChat.Arena.Ratings;

namespace FastChat.Arena.Tests;

public sealed class OnlineEloTests
{
    [Fact]
    public void ThreeBattleReplay_MatchesHandComputation()
    {
        // By hand, K=4, base 10, scale 400, all start at 1000:
        // 1. A beats B, E=0.5: A 1002, B 998.
        // 2. B ties C: E_B = 1/(1+10^(2/400)) = 0.4971218; B += 4(0.5-0.4971218) = +0.0115128.
        // 3. C beats A: E_C = 1/(1+10^((1002-999.9884872)/400)); C += 4(1-E_C).
        // Reference values from an independent Python replay of FastChat's compute_elo.
        Battle[] battles =
        [
            new("A", "B", BattleWinner.ModelA),
            new("B", "C", BattleWinner.Tie),
            new("C", "A", BattleWinner.ModelA),
        ];
        var indexed = IndexedBattles.From(battles);
        var ratings = OnlineElo.Compute(indexed);
        var byName = indexed.Models.Select((m, i) => (m, r: ratings[i])).ToDictionary(x => x.m, x => x.r);
        Assert.Equal(999.9884209309151, byName["A"], 1e-9);
        Assert.Equal(998.0115127982992, byName["B"], 1e-9);
        Assert.Equal(1002.0000662707856, byName["C"], 1e-9);
        Assert.Equal(3000.0, ratings.Sum(), 1e-9); // zero-sum updates
    }

    [Fact]
    public void BothBadTie_CountsAsHalf()
    {
        var tie = OnlineElo.Compute(IndexedBattles.From([new Battle("A", "B", BattleWinner.TieBothBad)]));
        Assert.Equal(1000.0, tie[0], 12);
        Assert.Equal(1000.0, tie[1], 12);
    }

    [Fact]
    public void ArenaHard_MatchesIndependentReplay()
    {
        var indexed = IndexedBattles.From(ArenaHardData.Battles);
        var ratings = OnlineElo.Compute(indexed);
        var byName = indexed.Models.Select((m, i) => (m, r: ratings[i])).ToDictionary(x => x.m, x => x.r);
        // Independent Python replay (FastChat's compute_elo) over the file in order.
        Assert.Equal(1195.7019, byName["claude-3-5-sonnet-20240620"], 1e-3);
        Assert.Equal(682.2167, byName["claude-3-haiku-20240307"], 1e-3);
        Assert.Equal(1011.4183, byName["gpt-4o-mini"], 1e-3);
        Assert.Equal(1025.8323, byName["claude-3-opus-20240229"], 1e-3);
        Assert.Equal(1084.8308, byName["gpt-4o"], 1e-3);
    }
}
