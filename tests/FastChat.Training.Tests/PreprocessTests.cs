using System.Text;
using FastChat.Conversation;
using FastChat.Data;
using FastChat.Engine.Tokenization;
using FastChat.Tests;
using FastChat.Training.Preprocessing;

namespace FastChat.Training.Tests;

public sealed class PreprocessTests
{
    private static readonly Tokenizer Tokenizer = TokenizerFactory.Create(SharedData.Model("stories260K.gguf"));
    private const string VicunaSystem = "A chat between a curious user and an artificial intelligence assistant. The assistant gives helpful, detailed, and polite answers to the user's questions.";

    private static ShareGptSample Conversation(params string[] values) =>
        new("t", values.Select((v, i) => new ShareGptTurn(i % 2 == 0 ? "human" : "gpt", v)).ToList());

    private static string Pieces(Tokenizer tokenizer, IEnumerable<int> ids) =>
        Encoding.UTF8.GetString(ids.SelectMany(id => tokenizer.GetPiece(id, renderSpecial: true).ToArray()).ToArray());

    [Fact]
    public void VicunaMasksEverythingButTheAnswersTokenByToken()
    {
        var warnings = new List<string>();
        var preprocessor = new SupervisedPreprocessor(Tokenizer, modelMaxLength: 200, warn: warnings.Add);
        var sample = preprocessor.Preprocess(Conversation("Hi there", "Hello friend", "How are you", "Fine thanks"));
        Assert.Empty(warnings);
        Assert.False(sample.Masked);
        // The prompt is vicuna's, written out by hand here.
        var prompt = $"{VicunaSystem} USER: Hi there ASSISTANT: Hello friend</s>USER: How are you ASSISTANT: Fine thanks</s>";
        Assert.Equal(prompt, sample.Prompt);
        var ids = Tokenizer.Encode(prompt, addSpecialTokens: true, parseSpecial: true);
        Assert.Equal(ids, sample.InputIds[..ids.Length]);

        // Independent token positions: the tokens of everything up to "ASSISTANT:" are the instruction; the answer runs to "</s>".
        int Count(string text) => Tokenizer.Encode(text, addSpecialTokens: true, parseSpecial: true).Length;
        var firstAnswer = Count($"{VicunaSystem} USER: Hi there ASSISTANT:");
        var firstEnd = Count($"{VicunaSystem} USER: Hi there ASSISTANT: Hello friend</s>");
        var secondAnswer = Count($"{VicunaSystem} USER: Hi there ASSISTANT: Hello friend</s>USER: How are you ASSISTANT:");
        for (var k = 0; k < 200; k++)
        {
            var trained = (k >= firstAnswer && k < firstEnd) || (k >= secondAnswer && k < ids.Length);
            Assert.True(trained ? sample.Labels[k] == ids[k] : sample.Labels[k] == SupervisedPreprocessor.IgnoreIndex, $"token {k}");
        }
        Assert.Equal(SupervisedPreprocessor.IgnoreIndex, sample.Labels[0]); // BOS
        Assert.Equal(Tokenizer.SpecialTokens.Eos, sample.InputIds[firstEnd - 1]);  // "</s>" parsed as EOS and trained
        Assert.Equal(" Hello friend</s> Fine thanks</s>", Pieces(Tokenizer, sample.Labels.Where(l => l >= 0)));
        // Padding: unk id, never trained, not attended.
        Assert.All(sample.InputIds[ids.Length..], id => Assert.Equal(preprocessor.PadId, id));
        Assert.Equal(ids.Length, sample.Length);
    }

    [Fact]
    public void TruncationKeepsTheFirstTokensAndTheirLabels()
    {
        var preprocessor = new SupervisedPreprocessor(Tokenizer, modelMaxLength: 200);
        var full = preprocessor.Preprocess(Conversation("Hi there", "Hello friend"));
        var cut = new SupervisedPreprocessor(Tokenizer, modelMaxLength: full.Length - 2).Preprocess(Conversation("Hi there", "Hello friend"));
        Assert.Equal(full.InputIds[..(full.Length - 2)], cut.InputIds);
        Assert.Equal(full.Labels[..(full.Length - 2)], cut.Labels);
        Assert.All(cut.AttentionMask, Assert.True);
    }

    [Fact]
    public void LeadingGptTurnIsDroppedAndBadOrderRejected()
    {
        var preprocessor = new SupervisedPreprocessor(Tokenizer, modelMaxLength: 200);
        var sample = preprocessor.Preprocess(new ShareGptSample("x", [new("gpt", "ignored"), new("human", "Hi there"), new("gpt", "Hello friend")]));
        Assert.DoesNotContain("ignored", sample.Prompt);
        var error = Assert.Throws<ArgumentException>(() => preprocessor.Preprocess(new ShareGptSample("y", [new("human", "a"), new("human", "b")])));
        Assert.Contains("turn 1", error.Message);
    }

    [Fact]
    public void OtherTemplatesLabelTheirAnswersToo()
    {
        foreach (var name in new[] { "koala_v1", "alpaca", "one_shot" })
        {
            var template = ConversationTemplates.Get(name);
            var sample = new SupervisedPreprocessor(Tokenizer, template, modelMaxLength: 4096).Preprocess(Conversation("Hi there", "Hello friend", "Bye", "Bye now"));
            Assert.False(sample.Masked, name);
            var trained = Pieces(Tokenizer, sample.Labels.Where(l => l >= 0));
            Assert.Contains("Hello friend", trained);
            Assert.Contains("Bye now", trained);
            Assert.DoesNotContain("Hi there", trained);
            Assert.DoesNotContain(template.UserRole, trained);
        }
    }

    [Fact]
    public void TokenizationMismatchMasksTheSampleAndWarns()
    {
        var warnings = new List<string>();
        // Llama's 32k vocabulary has tokens of several spaces: an answer starting with spaces counts one token less alone
        // than after "ASSISTANT:", the kind of disagreement FastChat's check exists for.
        var llama = TokenizerFactory.Create(SharedData.Path("tokenizer", "ggml-vocab-llama-spm.gguf"));
        var preprocessor = new SupervisedPreprocessor(llama, modelMaxLength: 400, warn: warnings.Add);
        Assert.False(preprocessor.Preprocess(Conversation("Hi", "Hello friend")).Masked);
        Assert.Empty(warnings);
        var sample = preprocessor.Preprocess(Conversation("Hi", "   Hello"));
        Assert.True(sample.Masked);
        Assert.All(sample.Labels, l => Assert.Equal(SupervisedPreprocessor.IgnoreIndex, l));
        Assert.StartsWith("tokenization mismatch: 42 vs. 43.", Assert.Single(warnings));
    }
}
