using FastChat.Gguf;
using FastChat.Tests;

namespace FastChat.Engine.Tests.Models;

/// <summary>Variants of stories260K.gguf written to temp files, for load-error tests.</summary>
internal static class ModelFiles
{
    public static string Stories260K => SharedData.Model("stories260K.gguf");

    /// <summary>A copy of stories260K with <paramref name="edit"/> applied to a fresh writer (metadata and tensor list).</summary>
    public static TempFile Variant(Action<GgufFile, GgufWriter> build)
    {
        using var source = GgufFile.Open(Stories260K);
        var metadata = new GgufMetadata();
        foreach (var (key, value) in source.Metadata) metadata.Set(key, value);
        var writer = new GgufWriter(metadata);
        build(source, writer);
        var temp = new TempFile();
        writer.WriteFile(temp.Path);
        return temp;
    }

    /// <summary>Copies every tensor of <paramref name="source"/> except those <paramref name="replace"/> handles (returns true).</summary>
    public static void CopyTensors(GgufFile source, GgufWriter writer, Func<GgufTensorInfo, bool>? replace = null)
    {
        foreach (var tensor in source.Tensors)
        {
            if (replace?.Invoke(tensor) == true) continue;
            var data = source.GetTensorData(tensor).ToArray();
            writer.AddTensor(tensor.Name, tensor.Type, tensor.Dimensions, data);
        }
    }
}

/// <summary>A temp file path deleted on dispose.</summary>
internal sealed class TempFile : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"fastchat-test-{Guid.NewGuid():N}.gguf");

    public void Dispose()
    {
        try { File.Delete(Path); } catch (IOException) { }
    }
}
