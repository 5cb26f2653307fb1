using FastChat.Data;
using FastChat.Training.Preprocessing;
using static TorchSharp.torch;

namespace FastChat.Training.Datasets;

/// <summary>
/// FastChat's SupervisedDataset: every conversation preprocessed up front. Items are
/// <c>input_ids</c> [L] int64, <c>labels</c> [L] int64 and <c>attention_mask</c> [L] bool.
/// </summary>
public sealed class SupervisedDataset : utils.data.Dataset
{
    private readonly List<TokenizedSample> _samples;

    /// <summary>Preprocesses all of <paramref name="conversations"/> now.</summary>
    public SupervisedDataset(IEnumerable<ShareGptSample> conversations, SupervisedPreprocessor preprocessor) =>
        _samples = preprocessor.Preprocess(conversations);

    /// <inheritdoc />
    public override long Count => _samples.Count;

    /// <summary>The preprocessed sample at <paramref name="index"/>.</summary>
    public TokenizedSample Sample(long index) => _samples[(int)index];

    /// <inheritdoc />
    public override Dictionary<string, Tensor> GetTensor(long index) => SampleTensors.From(_samples[(int)index]);
}

/// <summary>
/// FastChat's LazySupervisedDataset: a conversation is preprocessed the first time it is asked for, then cached.
/// </summary>
public sealed class LazySupervisedDataset(IReadOnlyList<ShareGptSample> conversations, SupervisedPreprocessor preprocessor) : utils.data.Dataset
{
    private readonly TokenizedSample?[] _cache = new TokenizedSample?[conversations.Count];

    /// <inheritdoc />
    public override long Count => conversations.Count;

    /// <summary>How many samples have been preprocessed so far.</summary>
    public int Cached => _cache.Count(s => s is not null);

    /// <summary>The preprocessed sample at <paramref name="index"/> (computed on first use).</summary>
    public TokenizedSample Sample(long index) => _cache[index] ??= preprocessor.Preprocess(conversations[(int)index]);

    /// <inheritdoc />
    public override Dictionary<string, Tensor> GetTensor(long index) => SampleTensors.From(Sample(index));
}

internal static class SampleTensors
{
    public static Dictionary<string, Tensor> From(TokenizedSample sample) => new()
    {
        ["input_ids"] = tensor(sample.InputIds.Select(i => (long)i).ToArray()),
        ["labels"] = tensor(sample.Labels.Select(i => (long)i).ToArray()),
        ["attention_mask"] = tensor(sample.AttentionMask),
    };
}
