using FastChat.Native;
using FastChat.Native.Kernels;

namespace FastChat.Engine.Models;

/// <summary>
/// What one forward pass needs besides the weights: a native thread pool and activation buffers sized for the
/// largest batch seen so far, so the decode loop allocates nothing. One workspace per runner thread; the
/// model's weights are shared read-only between workspaces, so runners never lock each other.
/// </summary>
public sealed class ForwardWorkspace : IDisposable
{
    private readonly ModelConfig _config;

    public ForwardWorkspace(ModelConfig config, int threads)
    {
        _config = config;
        Pool = NativeThreadPool.Create(threads);
    }

    public NativeThreadPool Pool { get; }

    public int Threads => Pool.ThreadCount;

    /// <summary>Tokens the buffers hold; they grow on demand.</summary>
    public int TokenCapacity { get; private set; }

    internal float[] Hidden { get; private set; } = [];      // x   [T][dim]   the residual stream
    internal float[] Normed { get; private set; } = [];      // xb  [T][dim]   normed input / projection output
    internal float[] Query { get; private set; } = [];       // q   [T][heads * headDim]
    internal float[] Key { get; private set; } = [];         // k   [T][kvHeads * headDim]
    internal float[] Value { get; private set; } = [];       // v   [T][kvHeads * headDim]
    internal float[] Attended { get; private set; } = [];    // att [T][heads * headDim]
    internal float[] Gate { get; private set; } = [];        // [T][ffn]
    internal float[] Up { get; private set; } = [];          // [T][ffn]
    internal int[] Positions { get; private set; } = [];     // [T]
    internal AttentionSequence[] Sequences { get; private set; } = [];

    internal void Reserve(int tokens, int sequences)
    {
        if (Sequences.Length < sequences) Sequences = new AttentionSequence[Math.Max(sequences, 2 * Sequences.Length)];
        if (tokens <= TokenCapacity) return;
        var t = Math.Max(tokens, 2 * TokenCapacity);
        var c = _config;
        Hidden = new float[t * c.EmbeddingLength];
        Normed = new float[t * Math.Max(c.EmbeddingLength, c.QueryLength)];
        Query = new float[t * c.QueryLength];
        Key = new float[t * c.KvLength];
        Value = new float[t * c.KvLength];
        Attended = new float[t * c.QueryLength];
        Gate = new float[t * c.FeedForwardLength];
        Up = new float[t * c.FeedForwardLength];
        Positions = new int[t];
        TokenCapacity = t;
    }

    public void Dispose() => Pool.Dispose();
}
