using FastChat.Gguf;

namespace FastChat.Benchmarks;

/// <summary>Paths of the inputs benchmarks read: ../shared models and files generated once under artifacts/bench.</summary>
internal static class BenchmarkFiles
{
    private static readonly Lazy<string> Root = new(FindRepoRoot);

    public static string RepoRoot => Root.Value;

    /// <summary>A file under ../shared, or under $FASTCHAT_SHARED when set (as the tests allow).</summary>
    public static string Shared(params string[] parts) =>
        Environment.GetEnvironmentVariable("FASTCHAT_SHARED") is { Length: > 0 } shared
            ? Path.Combine([shared, .. parts])
            : Path.Combine([RepoRoot, "..", "shared", .. parts]);

    /// <summary>
    /// A TinyLlama-1.1B-shaped GGUF (dim 2048, ffn 5632, 22 blocks, 32 heads / 4 kv heads) in Q8_0 with zero
    /// weights and the real 32000-token Llama-2 vocabulary: about 1.1 GiB, written once and reused.
    /// </summary>
    public static string TinyLlamaShapedQ8_0()
    {
        var path = Path.Combine(RepoRoot, "artifacts", "bench", "tinyllama-shape-q8_0.gguf");
        if (File.Exists(path)) return path;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        using var vocab = GgufFile.Open(Shared("models", "llama-2-tiny-random.gguf"));
        var metadata = new GgufMetadata();
        foreach (var (key, value) in vocab.Metadata.Where(kv => kv.Key.StartsWith("tokenizer.", StringComparison.Ordinal)))
            metadata.Set(key, value);
        const uint dim = 2048, ffn = 5632, blocks = 22, heads = 32, kvHeads = 4, vocabSize = 32000;
        metadata.Set(GgufKeys.Architecture, GgufValue.String("llama"));
        metadata.Set(GgufKeys.Name, GgufValue.String("tinyllama-shape"));
        metadata.Set(GgufKeys.BlockCount("llama"), GgufValue.UInt32(blocks));
        metadata.Set(GgufKeys.EmbeddingLength("llama"), GgufValue.UInt32(dim));
        metadata.Set(GgufKeys.FeedForwardLength("llama"), GgufValue.UInt32(ffn));
        metadata.Set(GgufKeys.HeadCount("llama"), GgufValue.UInt32(heads));
        metadata.Set(GgufKeys.HeadCountKv("llama"), GgufValue.UInt32(kvHeads));
        metadata.Set(GgufKeys.ContextLength("llama"), GgufValue.UInt32(2048));

        var writer = new GgufWriter(metadata);
        const long kvDim = dim / heads * kvHeads;
        void Add(string name, GgmlType type, params long[] dims) => writer.AddTensor(name, type, dims, GgufWriter.WriteZeros);
        Add("token_embd.weight", GgmlType.Q8_0, dim, vocabSize);
        for (var b = 0; b < blocks; b++)
        {
            Add($"blk.{b}.attn_norm.weight", GgmlType.F32, dim);
            Add($"blk.{b}.attn_q.weight", GgmlType.Q8_0, dim, dim);
            Add($"blk.{b}.attn_k.weight", GgmlType.Q8_0, dim, kvDim);
            Add($"blk.{b}.attn_v.weight", GgmlType.Q8_0, dim, kvDim);
            Add($"blk.{b}.attn_output.weight", GgmlType.Q8_0, dim, dim);
            Add($"blk.{b}.ffn_norm.weight", GgmlType.F32, dim);
            Add($"blk.{b}.ffn_gate.weight", GgmlType.Q8_0, dim, ffn);
            Add($"blk.{b}.ffn_up.weight", GgmlType.Q8_0, dim, ffn);
            Add($"blk.{b}.ffn_down.weight", GgmlType.Q8_0, ffn, dim);
        }
        Add("output_norm.weight", GgmlType.F32, dim);
        Add("output.weight", GgmlType.Q8_0, dim, vocabSize);
        writer.WriteFile(path);
        return path;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FastChat.Native.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("FastChat.Native.sln not found above " + AppContext.BaseDirectory);
    }
}
