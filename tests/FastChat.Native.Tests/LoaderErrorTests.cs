namespace FastChat.Native.Tests;

/// <summary>A missing, foreign or mismatched library is an exception that says what to do, never a crash.</summary>
public sealed class LoaderErrorTests
{
    [Fact]
    public void MissingFileSaysHowToBuildIt()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + "-libfastchat.so");
        var error = Assert.Throws<FastChatNativeException>(() => NativeLibraryLoader.LoadFrom(path));
        Assert.Contains("does not exist", error.Message);
        Assert.Contains("build/build.sh", error.Message);
        Assert.Contains(NativeLibraryLoader.PathVariable, error.Message);
    }

    [Fact]
    public void ForeignLibraryIsRecognised()
    {
        var libm = new[] { "/lib/x86_64-linux-gnu/libm.so.6", "/usr/lib/x86_64-linux-gnu/libm.so.6", "/lib64/libm.so.6" }.First(File.Exists);
        var error = Assert.Throws<FastChatNativeException>(() => NativeLibraryLoader.LoadFrom(libm));
        Assert.Contains("not a FastChat native library", error.Message);
    }

    [Fact]
    public void NonLibraryFileIsRecognised()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "not an ELF file");
            var error = Assert.Throws<FastChatNativeException>(() => NativeLibraryLoader.LoadFrom(path));
            Assert.Contains("could not be loaded", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AbiMismatchNamesBothVersions()
    {
        var error = Assert.Throws<FastChatNativeException>(() => NativeLibraryLoader.EnsureCompatible("/x/libfastchat.so", 999));
        Assert.Contains("ABI version 999", error.Message);
        Assert.Contains($"expects {NativeLibraryLoader.ExpectedAbiVersion}", error.Message);
        NativeLibraryLoader.EnsureCompatible("/x/libfastchat.so", NativeLibraryLoader.ExpectedAbiVersion);
    }

    [Fact]
    public void TheBuiltLibraryPassesTheHandshake()
    {
        var handle = NativeLibraryLoader.LoadFrom(Path.Combine(AppContext.BaseDirectory, "libfastchat.so"));
        Assert.NotEqual(0, handle);
    }
}
