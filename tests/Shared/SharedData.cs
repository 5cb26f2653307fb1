namespace FastChat.Tests;

/// <summary>Locates ../shared (the data beside the repository) from wherever a test runs.</summary>
internal static class SharedData
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    public static string Model(string name) => Path("models", name);

    private static string FindRoot()
    {
        if (Environment.GetEnvironmentVariable("FASTCHAT_SHARED") is { Length: > 0 } configured) return configured;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared");
            if (File.Exists(System.IO.Path.Combine(candidate, "README.md")) && Directory.Exists(System.IO.Path.Combine(candidate, "models")))
                return candidate;
        }
        throw new DirectoryNotFoundException("../shared was not found above " + AppContext.BaseDirectory + "; set FASTCHAT_SHARED.");
    }
}
