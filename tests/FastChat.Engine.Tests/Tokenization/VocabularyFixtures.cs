using System.Collections.Concurrent;
using FastChat.Engine.Tokenization;
using FastChat.Tests;

namespace FastChat.Engine.Tests.Tokenization;

/// <summary>Tokenizers of the shared vocabularies, built once per test run, and their test vectors.</summary>
internal static class VocabularyFixtures
{
    public const string TinyLlama = "llama-2-tiny-random";

    /// <summary>Vocabularies that come with .inp/.out test vectors.</summary>
    public static readonly string[] WithVectors = ["llama-spm", "gpt-2", "deepseek-coder", "bert-bge"];

    /// <summary>Vocabularies without vectors: checked by round trips and spot checks.</summary>
    public static readonly string[] WithoutVectors = ["phi-3", "falcon", "mpt", "starcoder", "refact", "deepseek-llm"];

    private static readonly ConcurrentDictionary<string, Tokenizer> Cache = new();

    public static string PathOf(string vocabulary) =>
        vocabulary == TinyLlama ? SharedData.Model("llama-2-tiny-random.gguf") : SharedData.Path("tokenizer", $"ggml-vocab-{vocabulary}.gguf");

    public static Tokenizer Get(string vocabulary) => Cache.GetOrAdd(vocabulary, v => TokenizerFactory.Create(PathOf(v)));

    /// <summary>The test texts of a vocabulary's .inp file (every text is followed by the separator line).</summary>
    public static string[] ReadInputs(string vocabulary)
    {
        const string separator = "\n__ggml_vocab_test__\n";
        var text = File.ReadAllText(SharedData.Path("tokenizer", $"ggml-vocab-{vocabulary}.gguf.inp"));
        var parts = text.Split(separator);
        return parts[..^1]; // the text after the last separator is empty
    }

    /// <summary>The expected ids, one line per test.</summary>
    public static int[][] ReadOutputs(string vocabulary)
    {
        var lines = File.ReadAllText(SharedData.Path("tokenizer", $"ggml-vocab-{vocabulary}.gguf.out")).Split('\n');
        return lines.Take(ReadInputs(vocabulary).Length)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray())
            .ToArray();
    }
}
