using System.Text;
using FastChat.Engine.Tokenization;
using Xunit.Abstractions;

namespace FastChat.Engine.Tests.Tokenization;

/// <summary>Every vector of ../shared/tokenizer/*.inp/.out, reproduced exactly (no BOS, special tokens not parsed).</summary>
public sealed class TestVectorTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Cases() => new()
    {
        { "llama-spm", "llama-spm" },
        { VocabularyFixtures.TinyLlama, "llama-spm" }, // full Llama-2 vocabulary inside a model file
        { "gpt-2", "gpt-2" },
        { "deepseek-coder", "deepseek-coder" },
        { "bert-bge", "bert-bge" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryVectorEncodesExactly(string vocabulary, string vectors)
    {
        var tokenizer = VocabularyFixtures.Get(vocabulary);
        var inputs = VocabularyFixtures.ReadInputs(vectors);
        var expected = VocabularyFixtures.ReadOutputs(vectors);
        Assert.Equal(inputs.Length, expected.Length);

        var failures = new StringBuilder();
        var passed = 0;
        for (var i = 0; i < inputs.Length; i++)
        {
            var actual = tokenizer.Encode(inputs[i], addSpecialTokens: false);
            if (actual.AsSpan().SequenceEqual(expected[i])) passed++;
            else failures.AppendLine($"#{i} {Show(inputs[i])}\n  expected {Pieces(tokenizer, expected[i])}\n  actual   {Pieces(tokenizer, actual)}");
        }
        output.WriteLine($"{vocabulary}: {passed}/{inputs.Length} vectors pass");
        Assert.True(failures.Length == 0, $"{passed}/{inputs.Length} pass\n{failures}");
    }

    private static string Show(string text) => System.Text.Json.JsonSerializer.Serialize(text.Length > 80 ? text[..80] + "…" : text);

    private static string Pieces(Tokenizer tokenizer, int[] ids) =>
        string.Join(" ", ids.Select(id => $"{id}:{tokenizer.Vocabulary.GetToken(id)}"));
}
