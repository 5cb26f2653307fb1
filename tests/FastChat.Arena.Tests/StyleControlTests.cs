using System.Text.Json.Nodes;
using FastChat.Arena.Battles;
using FastChat.Arena.Ratings;

namespace FastChat.Arena.Tests;

public sealed class StyleControlTests
{
    [Fact]
    public void MarkdownCounts_FollowFastChatRegexes_IgnoringCodeBlocks()
    {
        var counts = MarkdownCounts.Count("# Title\n## Sub\n#NoSpace\n1. one\n2. two\n - dash\n* star\n**bold** and __also__\n```\n# not a header\n- not a list\n```\n");
        Assert.Equal(new MarkdownCounts(Headers: 2, ListItems: 4, Bold: 2), counts);
    }

    [Fact]
    public void LengthEffect_IsAttributedToStyleNotToModels()
    {
        // Two equally strong models; whoever answers longer wins 80% of the time, and model x tends to answer longer.
        var random = new Random(4);
        var battles = new List<Battle>();
        for (var i = 0; i < 4000; i++)
        {
            var xLong = random.NextDouble() < 0.7;
            var xIsA = random.Next(2) == 0;
            var longWins = random.NextDouble() < 0.8;
            var xWins = xLong == longWins;
            var (tokensX, tokensY) = xLong ? (400, 100) : (100, 400);
            battles.Add(new Battle(xIsA ? "x" : "y", xIsA ? "y" : "x", xWins == xIsA ? BattleWinner.ModelA : BattleWinner.ModelB)
            {
                ConvMetadata = Metadata(xIsA ? tokensX : tokensY, xIsA ? tokensY : tokensX),
            });
        }
        var indexed = IndexedBattles.From(battles);
        var plain = BradleyTerryRatings.Compute(indexed);
        var styled = StyleControlRatings.Compute(battles, indexed);
        var x = indexed.Models.ToList().IndexOf("x");
        var y = 1 - x;
        Assert.True(plain[x] - plain[y] > 50, $"without control x looks stronger: {plain[x] - plain[y]}");
        Assert.InRange(styled.Ratings[x] - styled.Ratings[y], -25, 25);
        // Length and list counts move together here, so the ridge penalty shares the effect (logit 0.8 = 1.39) between them.
        Assert.True(styled.Coefficients[0] + styled.Coefficients[2] > 1.0, $"length {styled.Coefficients[0]}, lists {styled.Coefficients[2]}");
    }

    [Fact]
    public void Fit_HasZeroGradientOfPenalisedLoss()
    {
        var battles = SyntheticBattles.Generate([1100, 1000, 900], 600, seed: 8)
            .Select((b, i) => b with { ConvMetadata = Metadata(100 + i % 7 * 50, 100 + i % 5 * 60) }).ToList();
        var indexed = IndexedBattles.From(battles);
        var features = StyleFeatures.Build(battles);
        var weights = Enumerable.Repeat(1.0, battles.Count).ToArray();
        var theta = StyleControlledFit.Fit(indexed, features, StyleFeatures.Count, weights, Math.Log(10));
        // Central differences of the loss, independent of the analytic gradient.
        for (var i = 0; i < theta.Length; i++)
        {
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[i] += 1e-5;
            minus[i] -= 1e-5;
            var derivative = (StyleControlledFit.Evaluate(indexed, features, 4, weights, Math.Log(10), 0.5, plus, null, null)
                              - StyleControlledFit.Evaluate(indexed, features, 4, weights, Math.Log(10), 0.5, minus, null, null)) / 2e-5;
            Assert.True(Math.Abs(derivative) < 1e-4, $"d/dθ{i} = {derivative}");
        }
    }

    private static JsonObject Metadata(int tokensA, int tokensB) => new()
    {
        ["sum_assistant_a_tokens"] = tokensA,
        ["sum_assistant_b_tokens"] = tokensB,
        ["header_count_a"] = new JsonObject { ["h1"] = 0 },
        ["header_count_b"] = new JsonObject { ["h1"] = 0 },
        ["list_count_a"] = new JsonObject { ["ordered"] = tokensA / 100 },
        ["list_count_b"] = new JsonObject { ["ordered"] = tokensB / 100 },
        ["bold_count_a"] = new JsonObject { ["**"] = 0 },
        ["bold_count_b"] = new JsonObject { ["**"] = 0 },
    };
}
