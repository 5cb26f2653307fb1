using FastChat.Engine.Tokenization;

namespace FastChat.Data.Stats;

/// <summary>
/// FastChat's get_stats: per-sample token counts (prompt + response of each complete exchange), turns, average prompt
/// and response lengths, and a histogram of sample lengths over FastChat's bins.
/// </summary>
public sealed record DatasetStats
{
    /// <summary>FastChat's histogram bin edges (tokens).</summary>
    public static readonly int[] BinEdges = [0, 1024, 2048, 4096, 8192, 16384, 32768];

    /// <summary>Number of samples.</summary>
    public int Samples { get; init; }
    /// <summary>Total tokens over all samples.</summary>
    public long Tokens { get; init; }
    /// <summary>Mean exchanges (human/gpt pairs) per sample.</summary>
    public double AverageTurns { get; init; }
    /// <summary>Mean tokens of a human turn.</summary>
    public double AveragePromptLength { get; init; }
    /// <summary>Mean tokens of a gpt turn.</summary>
    public double AverageResponseLength { get; init; }
    /// <summary>Tokens of every sample, in input order.</summary>
    public IReadOnlyList<int> SampleLengths { get; init; } = [];
    /// <summary>Counts per bin [edge i, edge i+1); the last bin also holds lengths above the top edge.</summary>
    public IReadOnlyList<int> Histogram { get; init; } = [];

    /// <summary>Computes the statistics, counting tokens with <paramref name="tokenizer"/> (no BOS, as FastChat's tokenize()).</summary>
    public static DatasetStats Compute(IEnumerable<ShareGptSample> samples, Tokenizer tokenizer)
    {
        var lengths = new List<int>();
        var turns = new List<int>();
        long promptTotal = 0, responseTotal = 0, exchanges = 0;
        foreach (var sample in samples)
        {
            var length = 0;
            var pairs = sample.Conversations.Count / 2;
            turns.Add(pairs);
            for (var i = 0; i < pairs; i++)
            {
                var prompt = tokenizer.CountTokens(sample.Conversations[2 * i].Value, addSpecialTokens: false);
                var response = tokenizer.CountTokens(sample.Conversations[2 * i + 1].Value, addSpecialTokens: false);
                length += prompt + response;
                promptTotal += prompt;
                responseTotal += response;
                exchanges++;
            }
            lengths.Add(length);
        }
        var histogram = new int[BinEdges.Length - 1];
        foreach (var length in lengths)
        {
            var bin = 0;
            while (bin < histogram.Length - 1 && length >= BinEdges[bin + 1]) bin++;
            histogram[bin]++;
        }
        return new DatasetStats
        {
            Samples = lengths.Count,
            Tokens = lengths.Sum(l => (long)l),
            AverageTurns = turns.Count == 0 ? 0 : turns.Average(),
            AveragePromptLength = exchanges == 0 ? 0 : (double)promptTotal / exchanges,
            AverageResponseLength = exchanges == 0 ? 0 : (double)responseTotal / exchanges,
            SampleLengths = lengths,
            Histogram = histogram,
        };
    }

    /// <summary>FastChat's printout.</summary>
    public string Format()
    {
        var lines = new List<string>
        {
            $"#sequence: {Samples / 1e3:F2} K",
            $"#tokens: {Tokens / 1e6:F2} M",
            $"avg. turns: {AverageTurns:F2}",
            $"avg. prompt length: {AveragePromptLength:F2}",
            $"avg. response length: {AverageResponseLength:F2}",
            "",
            "- Histogram -",
        };
        for (var i = 0; i < Histogram.Count; i++) lines.Add($"L{BinEdges[i]} - {BinEdges[i + 1]}: {Histogram[i]}");
        return string.Join('\n', lines) + "\n";
    }
}
