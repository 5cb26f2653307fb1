using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;

namespace FastChat.Engine.Benchmarking;

/// <summary>
/// Measures read bandwidth the way decode uses memory: every thread streams its own contiguous part of a buffer
/// far larger than the caches, summing it with wide vector loads. Reports the best of several passes (the
/// machine is shared and noisy; the best pass is the closest to what the hardware allows).
/// </summary>
public static class MemoryBandwidthProbe
{
    /// <summary>Read bandwidth in GB/s (1e9 bytes) over <paramref name="bytes"/> with <paramref name="threads"/> threads.</summary>
    public static unsafe double Measure(int threads, long bytes = 512L << 20, int passes = 5)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        var length = (nuint)bytes;
        var buffer = (byte*)NativeMemory.AlignedAlloc(length, 4096);
        try
        {
            NativeMemory.Fill(buffer, length, 1); // touch every page before timing
            var part = (long)length / threads / 256 * 256;
            var best = 0.0;
            var sums = new ulong[threads];
            for (var pass = 0; pass < passes; pass++)
            {
                var clock = Stopwatch.StartNew();
                Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads },
                             t => sums[t] += Sum(buffer + t * part, part));
                best = Math.Max(best, part * threads / clock.Elapsed.TotalSeconds / 1e9);
            }
            GC.KeepAlive(sums);
            return best;
        }
        finally
        {
            NativeMemory.AlignedFree(buffer);
        }
    }

    private static unsafe ulong Sum(byte* start, long length)
    {
        var width = Vector<ulong>.Count * sizeof(ulong);
        Vector<ulong> a = default, b = default, c = default, d = default;
        for (long i = 0; i + 4 * width <= length; i += 4 * width)
        {
            a += *(Vector<ulong>*)(start + i);
            b += *(Vector<ulong>*)(start + i + width);
            c += *(Vector<ulong>*)(start + i + 2 * width);
            d += *(Vector<ulong>*)(start + i + 3 * width);
        }
        return Vector.Sum(a + b + c + d);
    }
}
