using System.Runtime.InteropServices;

namespace FastChat.Native;

/// <summary>Bindings for kernel-time accounting (fc_profile_*).</summary>
internal static partial class NativeMethods
{
    [LibraryImport(LibraryName)]
    internal static partial void fc_profile_enable(int enabled);

    [LibraryImport(LibraryName)]
    internal static partial void fc_profile_read(out ulong nanoseconds, out ulong calls);

    [LibraryImport(LibraryName)]
    internal static partial void fc_profile_reset();
}
