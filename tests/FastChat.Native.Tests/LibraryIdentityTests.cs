namespace FastChat.Native.Tests;

/// <summary>The library loads from the build output, passes the ABI handshake and reports the real CPU.</summary>
public sealed class LibraryIdentityTests
{
    [Fact]
    public void AbiVersionMatchesTheManagedBuild()
    {
        Assert.Equal(NativeLibraryLoader.ExpectedAbiVersion, FastChatNative.AbiVersion);
        Assert.Contains($"libfastchat abi {NativeLibraryLoader.ExpectedAbiVersion}", FastChatNative.BuildInfo);
    }

    [Fact]
    public void LibraryShipsNextToTheAssembly()
    {
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "libfastchat.so")));
    }

    [Fact]
    public void CudaIsAbsentOrReportsDevices()
    {
        if (!FastChatNative.CudaCompiled) Assert.Equal(0, FastChatNative.CudaDeviceCount);
        else Assert.True(FastChatNative.CudaDeviceCount >= 0);
    }

    /// <summary>/proc/cpuinfo is an independent reference: the kernel lists a flag only when it enables it.</summary>
    [Theory]
    [InlineData("avx", CpuFeatures.Avx)]
    [InlineData("avx2", CpuFeatures.Avx2)]
    [InlineData("fma", CpuFeatures.Fma)]
    [InlineData("f16c", CpuFeatures.F16c)]
    [InlineData("bmi2", CpuFeatures.Bmi2)]
    [InlineData("ssse3", CpuFeatures.Ssse3)]
    [InlineData("sse4_2", CpuFeatures.Sse42)]
    [InlineData("avx512f", CpuFeatures.Avx512F)]
    [InlineData("avx512bw", CpuFeatures.Avx512BW)]
    [InlineData("avx512vl", CpuFeatures.Avx512VL)]
    [InlineData("avx512_vnni", CpuFeatures.Avx512Vnni)]
    [InlineData("avx_vnni", CpuFeatures.AvxVnni)]
    [InlineData("avx512_bf16", CpuFeatures.Avx512Bf16)]
    [InlineData("avx512vbmi", CpuFeatures.Avx512Vbmi)]
    public void CpuFeaturesAgreeWithProcCpuinfo(string flag, CpuFeatures feature)
    {
        var flags = File.ReadLines("/proc/cpuinfo").First(l => l.StartsWith("flags", StringComparison.Ordinal))
            .Split(':', 2)[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        Assert.Equal(flags.Contains(flag), FastChatNative.CpuFeatures.HasFlag(feature));
    }

    [Fact]
    public void KernelPathFollowsTheFeatures()
    {
        var features = FastChatNative.CpuFeatures;
        var expected = features.HasFlag(CpuFeatures.Avx512F | CpuFeatures.Avx512BW | CpuFeatures.Avx512VL) ? "avx512"
            : features.HasFlag(CpuFeatures.Avx2 | CpuFeatures.Fma | CpuFeatures.F16c) ? "avx2"
            : "scalar";
        Assert.Equal(expected, FastChatNative.KernelPath);
        Assert.Equal(System.Numerics.BitOperations.PopCount((ulong)features), FastChatNative.CpuFeatureNames().Count);
    }
}
