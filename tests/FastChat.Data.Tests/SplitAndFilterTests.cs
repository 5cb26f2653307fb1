using FastChat.Data.IO;
using FastChat.Data.Steps;
using FastChat.Engine.Tokenization;
using FastChat.Tests;

namespace FastChat.Data.Tests;

public sealed class SplitAndFilterTests
{
    private static readonly Tokenizer Tokenizer = TokenizerFactory.Create(SharedData.Model("stories260K.gguf"));

    private static ShareGptSample Sample(string id, params string[] values) =>
        new(id, values.Select((v, i) => new ShareGptTurn(i % 2 == 0 ? "human" : "gpt", v)).ToList());

    [Fact]
    public void TurnCostIsTokensWithBosPlusSix()
    {
        var step = new SplitLongStep(Tokenizer, 100);
        // Independent count: "Hello world" is BOS + the ids llama.cpp gives.
        Assert.Equal(Tokenizer.Encode("Hello world", addSpecialTokens: false).Length + 1 + 6, step.Cost("Hello world"));
    }

    [Fact]
    public void PiecesFitTheBudgetAndKeepEveryExchangeInOrder()
    {
        var report = new DataReport();
        var samples = DatasetReader.Read(SharedData.Path("fastchat-data", "dummy_conversation.json"), report).ToList();
        var step = new SplitLongStep(Tokenizer, 120);
        var pieces = step.Apply(samples, report).ToList();
        Assert.True(pieces.Count > samples.Count, "a 120-token budget must split some 3-round conversations");
        foreach (var piece in pieces)
        {
            Assert.True(piece.Conversations.Sum(t => step.Cost(t.Value)) <= 120 || piece.Conversations.Count == 2, piece.Id);
            Assert.True(ShareGptRoles.AlternateFromHuman(piece.Conversations) && piece.Conversations.Count % 2 == 0, piece.Id);
        }
        // Every exchange either lands in exactly one piece, in order, or is counted as over budget.
        var over = report.DroppedFor(DropReasons.ExchangeOverBudget);
        Assert.Equal(samples.Sum(s => s.Conversations.Count / 2), pieces.Sum(p => p.Conversations.Count / 2) + over);
        var first = samples.First(s => pieces.Count(p => p.Id.StartsWith(s.Id + "_", StringComparison.Ordinal)) > 1);
        var rebuilt = pieces.Where(p => p.Id.StartsWith(first.Id + "_", StringComparison.Ordinal)).SelectMany(p => p.Conversations).ToList();
        Assert.Equal(first.Conversations, rebuilt);
    }

    [Fact]
    public void AnExchangeOverTheBudgetIsDroppedAndCounted()
    {
        var report = new DataReport();
        var huge = string.Join(' ', Enumerable.Repeat("story", 200));
        var pieces = new SplitLongStep(Tokenizer, 50).Apply([Sample("s", "hi", "hello", "tell me", huge, "bye", "bye")], report).ToList();
        Assert.Equal(["s_0", "s_4"], pieces.Select(p => p.Id));
        Assert.Equal(1, report.DroppedFor(DropReasons.ExchangeOverBudget));
    }

    [Fact]
    public void TrailingHumanTurnIsCutAndWrongOrderDropped()
    {
        var report = new DataReport();
        var pieces = new SplitLongStep(Tokenizer).Apply(
            [Sample("a", "q", "a", "unanswered"), new ShareGptSample("b", [new("gpt", "x"), new("human", "y")])], report).ToList();
        Assert.Single(pieces);
        Assert.Equal(2, pieces[0].Conversations.Count);
        Assert.Equal(1, report.DroppedFor(DropReasons.WrongRoleOrder));
    }

    [Fact]
    public void RestartedNumberedListsAreFiltered()
    {
        var report = new DataReport();
        var kept = new FilterWrongFormatStep().Apply(
            [Sample("bad", "q", "Steps:\n1. a\nthen\n1. b"), Sample("good", "q", "Steps:\n1. a\n2. b\n1. c")], report).ToList();
        Assert.Equal(["good"], kept.Select(s => s.Id));
        Assert.Equal(1, report.DroppedFor(DropReasons.WrongListFormat));
    }

    [Fact]
    public void SingleRoundKeepsTheFirstExchange()
    {
        var kept = new ExtractSingleRoundStep().Apply([Sample("a", "1", "2", "3", "4")], new DataReport()).Single();
        Assert.Equal(["1", "2"], kept.Conversations.Select(t => t.Value));
    }
}
