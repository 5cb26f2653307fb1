namespace FastChat.Native;

/// <summary>
/// Process-wide accounting of the wall time spent inside native kernels (on the threads that call them). Used by
/// benchmarks to split a decode step into kernel time and everything else (managed overhead). Off by default;
/// costs one relaxed load per kernel call while off.
/// </summary>
public static class KernelProfiler
{
    /// <summary>Kernel time and call count since the last reset.</summary>
    public readonly record struct Snapshot(TimeSpan KernelTime, ulong Calls);

    public static void Enable(bool enabled)
    {
        NativeLibraryLoader.EnsureLoaded();
        NativeMethods.fc_profile_enable(enabled ? 1 : 0);
    }

    public static void Reset()
    {
        NativeLibraryLoader.EnsureLoaded();
        NativeMethods.fc_profile_reset();
    }

    public static Snapshot Read()
    {
        NativeLibraryLoader.EnsureLoaded();
        NativeMethods.fc_profile_read(out var nanoseconds, out var calls);
        return new Snapshot(TimeSpan.FromTicks((long)(nanoseconds / 100)), calls);
    }
}
