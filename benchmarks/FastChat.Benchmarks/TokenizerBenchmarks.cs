using System.Text.Json;
using BenchmarkDotNet.Attributes;
using FastChat.Engine.Tokenization;
using FastChat.Gguf;
using Ml = Microsoft.ML.Tokenizers;

namespace FastChat.Benchmarks;

/// <summary>
/// Encoding and decoding throughput of FastChat's tokenizers against Microsoft.ML.Tokenizers built from the
/// same vocabulary, on 80 real chat answers (GPT-3.5's Vicuna-eval answers, 96 KB of English prose, lists and
/// code). One operation = the whole corpus, document by document; tokens/s = token count / Mean. Both libraries
/// cache the ids of pieces they have seen, so after the warm-up the cached encoders mostly look pieces up.
/// </summary>
[MemoryDiagnoser]
public class TokenizerBenchmarks
{
    private string[] _documents = [];
    private int[][] _ids = [];
    private Tokenizer _fastChat = null!;
    private Tokenizer _fastChatNoCache = null!;
    private Ml.Tokenizer _ml = null!;

    [Params("llama-spm", "gpt-2", "bert-bge")]
    public string Vocabulary { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _documents = File.ReadLines(BenchmarkFiles.Shared("fastchat-data", "vicuna-eval", "table", "answer", "answer_gpt35.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!)
            .ToArray();
        var path = BenchmarkFiles.Shared("tokenizer", $"ggml-vocab-{Vocabulary}.gguf");
        _fastChat = TokenizerFactory.Create(path);
        using (var file = GgufFile.Open(path)) _fastChatNoCache = TokenizerFactory.FromMetadata(file.Metadata, EncodingShortcuts.WordByWord);
        _ml = MlTokenizerBuilder.Create(path);
        _ids = _documents.Select(d => _fastChat.Encode(d, addSpecialTokens: false)).ToArray();
        var agree = _documents.Count(d => _ml.EncodeToIds(d).SequenceEqual(_fastChat.Encode(d, addSpecialTokens: false)));
        Console.WriteLine($"// {Vocabulary}: {_documents.Length} documents, {_documents.Sum(d => d.Length)} chars, " +
                          $"{_ids.Sum(i => i.Length)} tokens; Microsoft.ML.Tokenizers gives the same ids for {agree}/{_documents.Length}");
    }

    [Benchmark(Baseline = true)]
    public long EncodeFastChat()
    {
        long count = 0;
        foreach (var document in _documents) count += _fastChat.Encode(document, addSpecialTokens: false).Length;
        return count;
    }

    /// <summary>Without the piece cache: what text never seen before costs (SPM still merges word by word, which is exact).</summary>
    [Benchmark]
    public long EncodeFastChatNoCache()
    {
        long count = 0;
        foreach (var document in _documents) count += _fastChatNoCache.Encode(document, addSpecialTokens: false).Length;
        return count;
    }

    [Benchmark]
    public long EncodeMicrosoftMl()
    {
        long count = 0;
        foreach (var document in _documents) count += _ml.EncodeToIds(document).Count;
        return count;
    }

    [Benchmark]
    public long DecodeFastChat()
    {
        long length = 0;
        foreach (var ids in _ids) length += _fastChat.Decode(ids).Length;
        return length;
    }

    [Benchmark]
    public long DecodeMicrosoftMl()
    {
        long length = 0;
        foreach (var ids in _ids) length += _ml.Decode(ids).Length;
        return length;
    }
}
