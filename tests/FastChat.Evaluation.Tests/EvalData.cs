using System.Text.Json;
using FastChat.Tests;

namespace FastChat.Evaluation.Tests;

/// <summary>Paths into ../shared/fastchat-data and a raw JSON reader for independent checks.</summary>
internal static class EvalData
{
    public static string Path(params string[] parts) => SharedData.Path(["fastchat-data", .. parts]);

    public static string Skycamp(params string[] parts) => Path(["skycamp", .. parts]);

    public static string JudgePrompts => Path("judge_prompts.jsonl");

    /// <summary>Each line of a JSONL file as a parsed document (independent of the library's models).</summary>
    public static List<JsonElement> RawLines(string path) =>
        [.. File.ReadLines(path).Where(l => l.Trim().Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
}

/// <summary>A temporary folder deleted after the test.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("fastchat-eval-").FullName;

    public string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
