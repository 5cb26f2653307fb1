using FastChat.Arena.Battles;
using FastChat.Arena.Ratings;

namespace FastChat.Arena.Tests;

public sealed class BradleyTerryTests
{
    [Fact]
    public void ArenaHard_GradientOfPerBattleLikelihoodIsZeroAtFit()
    {
        var battles = ArenaHardData.Battles;
        Assert.Equal(2136, battles.Count);
        var indexed = IndexedBattles.From(battles);
        Assert.Equal(5, indexed.Models.Count);
        var ratings = BradleyTerryRatings.Compute(indexed);
        // Gradient of the log-likelihood written out battle by battle (no aggregation), in Elo units.
        var gradient = new double[indexed.Models.Count];
        for (var i = 0; i < indexed.Count; i++)
        {
            int a = indexed.ModelA[i], b = indexed.ModelB[i];
            var p = 1.0 / (1.0 + Math.Pow(10, (ratings[b] - ratings[a]) / 400));
            var s = battles[i].Winner.ScoreA();
            gradient[a] += s - p;
            gradient[b] -= s - p;
        }
        Assert.All(gradient, g => Assert.True(Math.Abs(g) < 1e-6, $"gradient {g}"));
        Assert.Equal(1000.0, ratings.Average(), 1e-9); // centred on the initial rating
    }

    [Fact]
    public void ArenaHard_MatchesZermeloIteration()
    {
        // Independent algorithm: Zermelo/Hunter MM fixed point p_i = W_i / Σ_j n_ij / (p_i + p_j), ties as half wins.
        var battles = ArenaHardData.Battles;
        var indexed = IndexedBattles.From(battles);
        var n = indexed.Models.Count;
        var wins = new double[n];
        var games = new double[n, n];
        for (var i = 0; i < indexed.Count; i++)
        {
            int a = indexed.ModelA[i], b = indexed.ModelB[i];
            var s = battles[i].Winner.ScoreA();
            wins[a] += s;
            wins[b] += 1 - s;
            games[a, b]++;
            games[b, a]++;
        }
        var strength = Enumerable.Repeat(1.0, n).ToArray();
        for (var iteration = 0; iteration < 20000; iteration++)
        {
            var next = new double[n];
            for (var i = 0; i < n; i++)
            {
                var denominator = 0.0;
                for (var j = 0; j < n; j++) if (j != i) denominator += games[i, j] / (strength[i] + strength[j]);
                next[i] = wins[i] / denominator;
            }
            var logMean = next.Average(Math.Log);
            strength = next.Select(p => p / Math.Exp(logMean)).ToArray();
        }
        var reference = strength.Select(p => 1000 + 400 * Math.Log10(p)).ToArray();
        var ratings = BradleyTerryRatings.Compute(indexed);
        for (var m = 0; m < n; m++) Assert.Equal(reference[m], ratings[m], 1e-6);
        // And the numbers an independent Python run of the same iteration printed:
        var byName = indexed.Models.Select((m, i) => (m, r: ratings[i])).ToDictionary(x => x.m, x => x.r);
        Assert.Equal(1132.4877, byName["claude-3-5-sonnet-20240620"], 1e-3);
        Assert.Equal(1102.1678, byName["gpt-4o"], 1e-3);
        Assert.Equal(1016.0851, byName["gpt-4o-mini"], 1e-3);
        Assert.Equal(974.6205, byName["claude-3-opus-20240229"], 1e-3);
        Assert.Equal(774.6389, byName["claude-3-haiku-20240307"], 1e-3);
    }

    [Fact]
    public void TwoModels_MatchClosedForm()
    {
        // With two models the MLE is the logit of the empirical score: 7 wins, 2 losses, 3 ties -> p = 8.5 / 12.
        var battles = Enumerable.Repeat(new Battle("x", "y", BattleWinner.ModelA), 7)
            .Concat(Enumerable.Repeat(new Battle("y", "x", BattleWinner.ModelA), 2))
            .Concat(Enumerable.Repeat(new Battle("x", "y", BattleWinner.TieBothBad), 3)).ToList();
        var ratings = BradleyTerryRatings.Compute(IndexedBattles.From(battles));
        var p = 8.5 / 12;
        Assert.Equal(400 * Math.Log10(p / (1 - p)), ratings[0] - ratings[1], 1e-8);
        Assert.Equal(2000.0, ratings.Sum(), 1e-9);
    }

    [Fact]
    public void SwappingSides_LeavesRatingsUnchanged()
    {
        var battles = SyntheticBattles.Generate([1100, 1000, 950, 900], 3000, seed: 5);
        var swapped = battles.Select(b => new Battle(b.ModelB, b.ModelA, b.Winner switch
        {
            BattleWinner.ModelA => BattleWinner.ModelB,
            BattleWinner.ModelB => BattleWinner.ModelA,
            var tie => tie,
        })).ToList();
        var original = Named(battles, BradleyTerryRatings.Compute(IndexedBattles.From(battles)));
        var mirrored = Named(swapped, BradleyTerryRatings.Compute(IndexedBattles.From(swapped)));
        foreach (var (model, rating) in original) Assert.Equal(rating, mirrored[model], 1e-8);
    }

    [Fact]
    public void Anchor_ShiftsEveryRatingEqually()
    {
        var indexed = IndexedBattles.From(ArenaHardData.Battles);
        var plain = BradleyTerryRatings.Compute(indexed);
        var anchored = BradleyTerryRatings.Compute(indexed, new RatingScale { AnchorModel = "gpt-4o-mini", AnchorRating = 1250 });
        var anchor = indexed.Models.ToList().IndexOf("gpt-4o-mini");
        Assert.Equal(1250, anchored[anchor], 1e-9);
        for (var m = 0; m < plain.Length; m++) Assert.Equal(plain[m] - plain[anchor], anchored[m] - 1250, 1e-9);
    }

    [Fact]
    public void SimulatedStrengths_RecoveredWithinBootstrapIntervals()
    {
        double[] truth = [1200, 1150, 1100, 1050, 1000, 950, 900, 850];
        // No ties: ties drawn independently of strength would pull the half-win scores (and so the fit) towards the mean.
        var battles = SyntheticBattles.Generate(truth, 20000, seed: 11, tieRate: 0);
        var board = LeaderboardBuilder.Build(battles, new LeaderboardOptions { Bootstrap = new BootstrapOptions { Rounds = 200, Seed = 3 } });
        var centred = truth.Select(t => t - truth.Average() + 1000).ToArray();
        var inside = 0;
        foreach (var row in board.Rows)
        {
            var expected = centred[int.Parse(row.Model[^2..], System.Globalization.CultureInfo.InvariantCulture)];
            var halfWidth = (row.Upper - row.Lower) / 2;
            Assert.InRange(row.Rating, expected - 3 * halfWidth, expected + 3 * halfWidth);
            if (expected >= row.Lower && expected <= row.Upper) inside++;
        }
        Assert.True(inside >= 7, $"{inside} of 8 true ratings inside their 95% intervals");
        var ranks = board.Rows.Select(r => r.Rank).ToList();
        Assert.Equal(ranks.Order(), ranks); // best first, shared ranks only where intervals overlap
        Assert.True(ranks.Distinct().Count() >= 4, string.Join(",", ranks)); // 50-point gaps are mostly resolved by 20k battles
    }

    [Fact]
    public void Bootstrap_IsReproducibleWhateverTheParallelism()
    {
        var indexed = IndexedBattles.From(SyntheticBattles.Generate([1100, 1000, 900], 2000, seed: 2));
        var one = BradleyTerryRatings.Bootstrap(indexed, options: new BootstrapOptions { Rounds = 50, Seed = 9, Parallelism = 1 });
        var many = BradleyTerryRatings.Bootstrap(indexed, options: new BootstrapOptions { Rounds = 50, Seed = 9, Parallelism = 4 });
        Assert.Equal(one.Ratings, many.Ratings);
        var other = BradleyTerryRatings.Bootstrap(indexed, options: new BootstrapOptions { Rounds = 50, Seed = 10, Parallelism = 4 });
        Assert.NotEqual(one.Ratings, other.Ratings);
    }

    [Fact]
    public void BootstrapSpread_MatchesFisherInformation()
    {
        // Two models, n battles, no ties: the MLE of the rating gap has asymptotic sd 400 / ln10 / sqrt(n p (1-p)).
        var battles = SyntheticBattles.Generate([1100, 1000], 4000, seed: 21, tieRate: 0);
        var indexed = IndexedBattles.From(battles);
        var samples = BradleyTerryRatings.Bootstrap(indexed, options: new BootstrapOptions { Rounds = 400, Seed = 1 });
        var gaps = Enumerable.Range(0, samples.Rounds).Select(r => samples.Ratings[r * 2] - samples.Ratings[r * 2 + 1]).ToArray();
        var sd = Math.Sqrt(Statistics.Variance(gaps));
        var p = 1 / (1 + Math.Pow(10, -100.0 / 400));
        var expected = 400 / Math.Log(10) / Math.Sqrt(4000 * p * (1 - p));
        Assert.InRange(sd, 0.85 * expected, 1.15 * expected); // 400 rounds: sd estimate good to ~±7% (2 sigma)
    }

    [Fact]
    public void Ranks_CountModelsWhoseLowerBoundBeatsOurUpperBound()
    {
        //            A: [10, 20]  B: [15, 25]  C: [21, 30]  D: [0, 5]
        var ranks = Leaderboard.Ranks([10, 15, 21, 0], [20, 25, 30, 5]);
        Assert.Equal([2, 1, 1, 4], ranks);
    }

    private static Dictionary<string, double> Named(List<Battle> battles, double[] ratings) =>
        IndexedBattles.From(battles).Models.Select((m, i) => (m, r: ratings[i])).ToDictionary(x => x.m, x => x.r);
}
