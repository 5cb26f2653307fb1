namespace FastChat.Native;

/// <summary>What the loaded native library is and what this machine's CPU offers it.</summary>
public static class FastChatNative
{
    /// <summary>Number of feature bits fc_cpu_features() can report (FC_CPU_FEATURE_COUNT).</summary>
    public const int CpuFeatureCount = 22;

    public static int AbiVersion
    {
        get { NativeLibraryLoader.EnsureLoaded(); return NativeMethods.fc_abi_version(); }
    }

    public static string BuildInfo
    {
        get { NativeLibraryLoader.EnsureLoaded(); return NativeMethods.PtrToString(NativeMethods.fc_build_info()) ?? ""; }
    }

    public static bool CudaCompiled
    {
        get { NativeLibraryLoader.EnsureLoaded(); return NativeMethods.fc_cuda_compiled() != 0; }
    }

    public static int CudaDeviceCount
    {
        get { NativeLibraryLoader.EnsureLoaded(); return NativeMethods.fc_cuda_device_count(); }
    }

    public static CpuFeatures CpuFeatures
    {
        get { NativeLibraryLoader.EnsureLoaded(); return (CpuFeatures)NativeMethods.fc_cpu_features(); }
    }

    /// <summary>The SIMD path the kernels use here: "avx512", "avx2" or "scalar".</summary>
    public static string KernelPath
    {
        get { NativeLibraryLoader.EnsureLoaded(); return NativeMethods.PtrToString(NativeMethods.fc_cpu_kernel_path()) ?? "scalar"; }
    }

    /// <summary>Native names ("avx2", "avx512_vnni") of the features present, in bit order.</summary>
    public static IReadOnlyList<string> CpuFeatureNames()
    {
        var features = CpuFeatures;
        var names = new List<string>();
        for (var bit = 0; bit < CpuFeatureCount; bit++)
        {
            if (((ulong)features & (1ul << bit)) != 0)
                names.Add(NativeMethods.PtrToString(NativeMethods.fc_cpu_feature_name(bit)) ?? $"bit{bit}");
        }
        return names;
    }
}
