using System.Reflection;
using System.Runtime.InteropServices;

namespace FastChat.Native;

/// <summary>
/// Finds libfastchat, checks its ABI version before any binding is used, and installs a
/// DllImport resolver so every [LibraryImport] in this assembly binds to that one handle.
/// </summary>
public static class NativeLibraryLoader
{
    /// <summary>Environment variable that names the library file explicitly.</summary>
    public const string PathVariable = "FASTCHAT_NATIVE_LIBRARY";

    /// <summary>The ABI version this assembly was compiled against (FC_ABI_VERSION in fastchat.h).</summary>
    public const int ExpectedAbiVersion = 5;

    private const string FileName = "libfastchat.so";
    private const string BuildHint = "Build it with `bash build/build.sh` (or `dotnet build FastChat.Native.sln`), " +
                                     "or point " + PathVariable + " at an existing " + FileName + ".";

    private static readonly Lazy<nint> Handle = new(LoadAndRegister, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Loads and ABI-checks the library once per process; throws a <see cref="FastChatNativeException"/> saying what to do.</summary>
    public static void EnsureLoaded() => _ = Handle.Value;

    /// <summary>The places searched, in order: $FASTCHAT_NATIVE_LIBRARY, then next to the application and this assembly.</summary>
    public static IReadOnlyList<string> CandidatePaths()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } explicitPath)
        {
            candidates.Add(explicitPath);
            return candidates; // an explicit choice is never silently replaced by another file
        }
        candidates.Add(Path.Combine(AppContext.BaseDirectory, FileName));
        var assemblyDir = Path.GetDirectoryName(typeof(NativeLibraryLoader).Assembly.Location);
        if (!string.IsNullOrEmpty(assemblyDir)) candidates.Add(Path.Combine(assemblyDir, FileName));
        candidates.Add(Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", FileName));
        return candidates.Distinct().ToList();
    }

    /// <summary>
    /// Loads one specific file and verifies it is a libfastchat with the expected ABI. The handle is
    /// returned to the caller (tests use this to check the error paths without touching the process-wide load).
    /// </summary>
    public static nint LoadFrom(string path)
    {
        if (!File.Exists(path))
            throw new FastChatNativeException($"The native library {path} does not exist. {BuildHint}");
        if (!NativeLibrary.TryLoad(path, out var handle))
            throw new FastChatNativeException($"The native library {path} exists but could not be loaded " +
                                              $"(wrong architecture or missing dependency). {BuildHint}");
        try
        {
            VerifyAbi(path, handle);
            return handle;
        }
        catch
        {
            NativeLibrary.Free(handle);
            throw;
        }
    }

    /// <summary>Throws when <paramref name="actualVersion"/> differs from <see cref="ExpectedAbiVersion"/>.</summary>
    public static void EnsureCompatible(string path, int actualVersion)
    {
        if (actualVersion != ExpectedAbiVersion)
            throw new FastChatNativeException(
                $"The native library {path} has ABI version {actualVersion}, but this build of FastChat.Native " +
                $"expects {ExpectedAbiVersion}: the managed and native builds are out of step. {BuildHint}");
    }

    private static unsafe void VerifyAbi(string path, nint handle)
    {
        if (!NativeLibrary.TryGetExport(handle, "fc_abi_version", out var export))
            throw new FastChatNativeException($"{path} is not a FastChat native library (no fc_abi_version export). {BuildHint}");
        var abiVersion = ((delegate* unmanaged<int>)export)();
        EnsureCompatible(path, abiVersion);
    }

    private static nint LoadAndRegister()
    {
        var candidates = CandidatePaths();
        var existing = candidates.FirstOrDefault(File.Exists);
        if (existing is null)
            throw new FastChatNativeException(
                $"{FileName} was not found; searched: {string.Join(", ", candidates)}. {BuildHint}");

        var handle = LoadFrom(existing);
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLoader).Assembly, Resolve);
        return handle;
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == NativeMethods.LibraryName ? Handle.Value : 0;
}
