namespace FastChat.Native;

/// <summary>The SIMD level kernels dispatch to (fc_level).</summary>
public enum KernelLevel
{
    Scalar = 0,
    Avx2 = 1,
    Avx512 = 2,
}

/// <summary>Chooses and reports the kernel level for the whole process.</summary>
public static class KernelDispatch
{
    /// <summary>The best level this CPU supports.</summary>
    public static KernelLevel Maximum
    {
        get { NativeLibraryLoader.EnsureLoaded(); return (KernelLevel)NativeMethods.fc_kernel_level_max(); }
    }

    /// <summary>The level in use; setting it caps dispatch (benchmarks compare levels with it). Process-wide.</summary>
    public static KernelLevel Current
    {
        get { NativeLibraryLoader.EnsureLoaded(); return (KernelLevel)NativeMethods.fc_kernel_level(); }
        set
        {
            NativeLibraryLoader.EnsureLoaded();
            NativeStatus.ThrowIfFailed(NativeMethods.fc_set_kernel_level((int)value), $"set kernel level {value}");
        }
    }
}
