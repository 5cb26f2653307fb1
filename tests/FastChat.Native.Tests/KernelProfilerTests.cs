using FastChat.Gguf;
using FastChat.Native.Kernels;

namespace FastChat.Native.Tests;

/// <summary>Kernel-time accounting: counts calls and time only while enabled.</summary>
[Collection(nameof(KernelProfilerTests))] // the counters are process-wide
public sealed class KernelProfilerTests
{
    [Fact]
    public void CountsKernelCallsOnlyWhileEnabled()
    {
        var weights = new byte[256 * 64 * 4];
        var x = new float[64];
        var y = new float[256];
        try
        {
            KernelProfiler.Enable(false);
            KernelProfiler.Reset();
            MatMul.Multiply(null, GgmlType.F32, weights, 256, 64, x, 1, y);
            Assert.Equal(0UL, KernelProfiler.Read().Calls);

            KernelProfiler.Enable(true);
            for (var i = 0; i < 10; i++) MatMul.Multiply(null, GgmlType.F32, weights, 256, 64, x, 1, y);
            Ops.RmsNorm(x, x, 64, 1e-5f);
            var snapshot = KernelProfiler.Read();
            Assert.True(snapshot.Calls >= 11, $"{snapshot.Calls} calls");
            Assert.True(snapshot.KernelTime > TimeSpan.Zero);
        }
        finally
        {
            KernelProfiler.Enable(false);
            KernelProfiler.Reset();
        }
    }
}
