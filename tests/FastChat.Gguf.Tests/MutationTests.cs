using FastChat.Tests;

namespace FastChat.Gguf.Tests;

/// <summary>
/// Real files, damaged: truncated at many offsets and with random byte flips. Every outcome must be either a
/// successful open or a GgufFormatException, quickly and with memory bounded by the file size.
/// </summary>
public sealed class MutationTests
{
    private static readonly string[] Files =
    [
        "models/stories260K.gguf", "models/stories260K-mix-q4_0.gguf", "models/stories260K-Q6_K.gguf",
        "tokenizer/ggml-vocab-gpt-2.gguf", "tokenizer/ggml-vocab-bert-bge.gguf",
    ];

    public static TheoryData<string> FileNames() => new(Files);

    [Theory]
    [MemberData(nameof(FileNames))]
    public void TruncationAnywhereIsAFormatError(string relativePath)
    {
        var original = File.ReadAllBytes(SharedData.Path(relativePath));
        long mustFailBelow;
        using (var intact = GgufFile.FromBytes(original))
        {
            // Without tensors the metadata may end anywhere in the last alignment window before DataOffset.
            mustFailBelow = intact.Tensors.Count > 0 ? intact.DataOffset : intact.DataOffset - intact.Alignment + 1;
        }

        // Every offset in the first 4 KiB, then 600 spread over the rest, then the last few bytes.
        var offsets = Enumerable.Range(0, 4096)
            .Concat(Enumerable.Range(0, 600).Select(i => 4096 + (int)((original.Length - 4096L) * i / 600)))
            .Concat(Enumerable.Range(1, 8).Select(i => original.Length - i))
            .Where(o => o >= 0 && o < original.Length).Distinct();

        foreach (var length in offsets)
        {
            var outcome = TryOpen(original.AsSpan(0, length).ToArray());
            // Cutting inside the header or into tensor data must fail; only trailing padding may be lost harmlessly.
            if (length < mustFailBelow) Assert.True(outcome is GgufFormatException, $"truncated to {length}: {outcome}");
            else Assert.True(outcome is null or GgufFormatException, $"truncated to {length}: {outcome}");
        }
    }

    [Theory]
    [MemberData(nameof(FileNames))]
    public void RandomByteFlipsNeverCrashOrHang(string relativePath)
    {
        var original = File.ReadAllBytes(SharedData.Path(relativePath));
        long headerEnd;
        using (var intact = GgufFile.FromBytes(original)) headerEnd = intact.DataOffset;
        var random = new Random(relativePath.GetHashCode(StringComparison.Ordinal) ^ 1234);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        for (var trial = 0; trial < 1500; trial++)
        {
            var bytes = (byte[])original.Clone();
            var flips = random.Next(1, 5);
            for (var f = 0; f < flips; f++)
            {
                // Mostly the header (where parsing happens), sometimes anywhere.
                var at = random.Next(4) == 0 ? random.Next(bytes.Length) : random.Next((int)Math.Min(headerEnd, bytes.Length));
                bytes[at] = random.Next(3) switch { 0 => (byte)random.Next(256), 1 => 0xFF, _ => (byte)(bytes[at] ^ (1 << random.Next(8))) };
            }
            var outcome = TryOpen(bytes);
            Assert.True(outcome is null or GgufFormatException, $"trial {trial}: {outcome}");
        }
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"1500 corrupted opens took {clock.Elapsed}");
    }

    [Fact]
    public void TruncatedFilesOnDiskUseTheSameChecks()
    {
        var original = File.ReadAllBytes(SharedData.Model("stories260K.gguf"));
        var path = Path.Combine(Path.GetTempPath(), $"fc-trunc-{Guid.NewGuid():N}.gguf");
        try
        {
            foreach (var length in new[] { 1, 7, 24, 100, 5000, 14176, 200_000, original.Length - 100 })
            {
                File.WriteAllBytes(path, original[..length]);
                Assert.Throws<GgufFormatException>(() => GgufFile.Open(path).Dispose());
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Null on success (after touching every accessor), else the exception.</summary>
    private static Exception? TryOpen(byte[] bytes)
    {
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            using var file = GgufFile.FromBytes(bytes);
            foreach (var tensor in file.Tensors) _ = file.GetTensorData(tensor).Length;
            if (file.Metadata.ContainsKey(GgufKeys.Architecture)) _ = file.HyperParameters;
            _ = file.Tokenizer;
            foreach (var (_, value) in file.Metadata) _ = value.ToString();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
        finally
        {
            // Bounded memory: parsing may copy metadata, never more than a small multiple of the input.
            var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            Assert.True(allocated < 8L * bytes.Length + (4 << 20), $"allocated {allocated} bytes for a {bytes.Length}-byte file");
        }
    }
}
