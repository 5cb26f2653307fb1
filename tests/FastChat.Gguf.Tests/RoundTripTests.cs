using FastChat.Tests;

namespace FastChat.Gguf.Tests;

/// <summary>Reading then writing every real GGUF in ../shared reproduces the file byte for byte.</summary>
public sealed class RoundTripTests
{
    public static TheoryData<string> SharedGgufFiles()
    {
        var data = new TheoryData<string>();
        foreach (var folder in new[] { "models", "tokenizer" })
        foreach (var file in Directory.GetFiles(SharedData.Path(folder), "*.gguf").Order())
            data.Add(System.IO.Path.Combine(folder, System.IO.Path.GetFileName(file)));
        return data;
    }

    [Theory]
    [MemberData(nameof(SharedGgufFiles))]
    public void ReadThenWriteIsByteIdentical(string relativePath)
    {
        var path = SharedData.Path(relativePath);
        var original = File.ReadAllBytes(path);
        using var file = GgufFile.Open(path);
        using var copy = new MemoryStream();
        GgufWriter.CopyOf(file).WriteTo(copy);

        var written = copy.ToArray();
        Assert.Equal(original.Length, written.Length);
        var firstDifference = original.AsSpan().CommonPrefixLength(written);
        Assert.True(firstDifference == original.Length, $"first differing byte at offset {firstDifference}");
    }
}
