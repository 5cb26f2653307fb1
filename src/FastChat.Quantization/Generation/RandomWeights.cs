using System.Text;
using FastChat.Engine.Sampling;

namespace FastChat.Quantization.Generation;

/// <summary>
/// Seeded, roughly normal weights. Every tensor gets its own seed (from the model seed and its name) and every
/// chunk of rows its own stream (from the tensor seed and the chunk's index), so chunks can be generated on any
/// number of threads in any order and still give the same bytes.
/// </summary>
internal static class RandomWeights
{
    /// <summary>Elements per independently seeded chunk (whole rows are added until at least this many).</summary>
    public const int ChunkElements = 1 << 16;

    private static readonly float Sqrt3 = MathF.Sqrt(3f);

    /// <summary>The seed of tensor <paramref name="name"/> in a model generated with <paramref name="modelSeed"/>.</summary>
    public static ulong TensorSeed(ulong modelSeed, string name)
    {
        // FNV-1a of the name: stable across runs and .NET versions, unlike string.GetHashCode.
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(name)) hash = (hash ^ b) * 1099511628211UL;
        var state = modelSeed ^ hash;
        return Xoshiro256StarStar.SplitMix64(ref state);
    }

    /// <summary>The seed of chunk <paramref name="chunk"/> of a tensor.</summary>
    public static ulong ChunkSeed(ulong tensorSeed, long chunk)
    {
        var state = tensorSeed + (ulong)chunk * 0xD1B54A32D192ED03UL;
        return Xoshiro256StarStar.SplitMix64(ref state);
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with values of mean 0 and standard deviation <paramref name="stdDev"/>:
    /// an Irwin–Hall sum of four 16-bit uniforms (one 64-bit draw per value), close to normal and bounded at ±3.46σ.
    /// </summary>
    public static void Fill(Span<float> destination, ulong seed, float stdDev)
    {
        var random = new Xoshiro256StarStar(seed);
        var scale = Sqrt3 * stdDev;
        for (var i = 0; i < destination.Length; i++)
        {
            var bits = random.NextUInt64();
            var sum = (bits & 0xFFFF) + ((bits >> 16) & 0xFFFF) + ((bits >> 32) & 0xFFFF) + (bits >> 48);
            // Each term (x + 0.5) / 65536 is uniform on (0, 1): the sum has mean 2 and variance 1/3.
            destination[i] = ((sum + 2) * (1f / 65536f) - 2f) * scale;
        }
    }
}
