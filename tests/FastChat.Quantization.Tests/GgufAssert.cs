using FastChat.Gguf;

namespace FastChat.Quantization.Tests;

/// <summary>Comparisons of GGUF files that name the first difference.</summary>
internal static class GgufAssert
{
    /// <summary>Same tensor names (any order), types, shapes and data bytes.</summary>
    public static void TensorsIdentical(GgufFile expected, GgufFile actual)
    {
        Assert.Equal(expected.Tensors.Select(t => t.Name).Order(), actual.Tensors.Select(t => t.Name).Order());
        foreach (var e in expected.Tensors)
        {
            var a = actual.GetTensor(e.Name);
            Assert.True(e.Type == a.Type, $"{e.Name}: type {a.Type}, expected {e.Type}");
            Assert.True(e.Dimensions.SequenceEqual(a.Dimensions), $"{e.Name}: shape {a.ShapeText}, expected {e.ShapeText}");
            var expectedBytes = expected.GetTensorData(e);
            var actualBytes = actual.GetTensorData(a);
            var mismatch = expectedBytes.CommonPrefixLength(actualBytes);
            Assert.True(mismatch == expectedBytes.Length && actualBytes.Length == expectedBytes.Length,
                $"{e.Name} ({e.TypeInfo.Name}): bytes differ from offset {mismatch}");
        }
    }

    /// <summary>Same value (type and bytes, via the on-disk form) for <paramref name="key"/>, or both absent.</summary>
    public static void SameValue(GgufMetadata expected, GgufMetadata actual, string key)
    {
        var has = expected.TryGetValue(key, out var e);
        Assert.True(has == actual.TryGetValue(key, out var a), $"{key}: present in {(has ? "expected" : "actual")} only");
        if (!has) return;
        Assert.True(e.Type == a.Type, $"{key}: type {a.Type}, expected {e.Type}");
        Assert.True(Serialize(e).AsSpan().SequenceEqual(Serialize(a)), $"{key}: value {a}, expected {e}");
    }

    private static byte[] Serialize(GgufValue value)
    {
        var metadata = new GgufMetadata();
        metadata.Set("k", value);
        using var stream = new MemoryStream();
        new GgufWriter(metadata) { PadEmptyDataSection = false }.WriteTo(stream);
        return stream.ToArray();
    }
}
