using System.Runtime.InteropServices;

namespace FastChat.Gguf.Tests;

/// <summary>The writer produces files the reader (and the GGUF layout rules) accept, with every value type.</summary>
public sealed class WriterTests
{
    private static GgufFile WriteAndOpen(GgufWriter writer)
    {
        using var stream = new MemoryStream();
        writer.WriteTo(stream);
        return GgufFile.FromBytes(stream.ToArray());
    }

    [Fact]
    public void EveryValueTypeRoundTrips()
    {
        var metadata = new GgufMetadata();
        metadata.Set("u8", GgufValue.UInt8(250));
        metadata.Set("i8", GgufValue.Int8(-5));
        metadata.Set("u16", GgufValue.UInt16(65000));
        metadata.Set("i16", GgufValue.Int16(-30000));
        metadata.Set("u32", GgufValue.UInt32(4_000_000_000));
        metadata.Set("i32", GgufValue.Int32(-2_000_000_000));
        metadata.Set("u64", GgufValue.UInt64(ulong.MaxValue));
        metadata.Set("i64", GgufValue.Int64(long.MinValue));
        metadata.Set("f32", GgufValue.Float32(3.25f));
        metadata.Set("f64", GgufValue.Float64(-1e300));
        metadata.Set("bool", GgufValue.Bool(true));
        metadata.Set("str", GgufValue.String("héllo ▁wörld 🦙"));
        metadata.Set("empty", GgufValue.String(""));
        metadata.Set("floats", GgufValue.Array(GgufArray.FromValues(GgufValueType.Float32, [1f, -2f, 0.5f])));
        metadata.Set("strings", GgufValue.Array(GgufArray.FromStrings(["a", "", "ünï"])));
        metadata.Set("nested", GgufValue.Array(GgufArray.FromArrays(
        [
            GgufArray.FromValues(GgufValueType.Int32, [1, 2]),
            GgufArray.FromStrings(["x"]),
            GgufArray.FromArrays([GgufArray.FromValues<long>(GgufValueType.Int64, [])]),
        ])));

        using var file = WriteAndOpen(new GgufWriter(metadata));
        var m = file.Metadata;
        Assert.Equal(metadata.Keys, m.Keys);
        Assert.Equal(250, m.Get("u8").AsInt64());
        Assert.Equal(-5, m.Get("i8").AsInt64());
        Assert.Equal(65000, m.Get("u16").AsInt64());
        Assert.Equal(-30000, m.Get("i16").AsInt64());
        Assert.Equal(4_000_000_000u, m.GetUInt32("u32"));
        Assert.Equal(-2_000_000_000, m.Get("i32").AsInt32());
        Assert.Equal(ulong.MaxValue, m.Get("u64").AsUInt64());
        Assert.Equal(long.MinValue, m.GetInt64("i64"));
        Assert.Equal(3.25f, m.GetSingle("f32"));
        Assert.Equal(-1e300, m.Get("f64").AsDouble());
        Assert.True(m.GetBool("bool"));
        Assert.Equal("héllo ▁wörld 🦙", m.GetString("str"));
        Assert.Equal("", m.GetString("empty"));
        Assert.Equal([1f, -2f, 0.5f], m.GetArray("floats").AsSpan<float>().ToArray());
        Assert.Equal(["a", "", "ünï"], m.GetArray("strings").ToStringArray());
        var nested = m.GetArray("nested");
        Assert.Equal(GgufValueType.Array, nested.ElementType);
        Assert.Equal(2, nested.GetArray(0).GetInt64(1));
        Assert.Equal("x", nested.GetArray(1).GetString(0));
        Assert.Equal(0, nested.GetArray(2).GetArray(0).Count);
        Assert.Equal(GgufValueType.Int64, nested.GetArray(2).GetArray(0).ElementType);
    }

    [Fact]
    public void ConversionsRefuseValuesThatDoNotFit()
    {
        Assert.Throws<InvalidCastException>(() => GgufValue.Int32(-1).AsUInt32());
        Assert.Throws<InvalidCastException>(() => GgufValue.UInt64(ulong.MaxValue).AsInt64());
        Assert.Throws<InvalidCastException>(() => GgufValue.String("5").AsInt64());
        Assert.Throws<InvalidCastException>(() => GgufValue.Float32(1).AsBool());
        Assert.Equal(7.0, GgufValue.UInt16(7).AsDouble());
    }

    [Fact]
    public void TensorsAreAlignedPaddedAndReadBack()
    {
        var metadata = new GgufMetadata();
        metadata.Set(GgufKeys.Alignment, GgufValue.UInt32(64));
        var writer = new GgufWriter(metadata, version: 2);
        float[] a = [1, 2, 3];
        var q8 = new byte[34 * 2]; // two Q8_0 blocks
        new Random(7).NextBytes(q8);
        writer.AddTensor("a", GgmlType.F32, [3], MemoryMarshal.AsBytes(a.AsSpan()).ToArray());
        writer.AddTensor("q", GgmlType.Q8_0, [64], q8);

        using var file = WriteAndOpen(writer);
        Assert.Equal(2u, file.Version);
        Assert.Equal(64u, file.Alignment);
        Assert.Equal(0, file.DataOffset % 64);
        Assert.Equal(64, file.GetTensor("q").Offset);
        Assert.Equal(a, MemoryMarshal.Cast<byte, float>(file.GetTensorData(file.GetTensor("a"))).ToArray());
        Assert.Equal(q8, file.GetTensorData(file.GetTensor("q")).ToArray());
        Assert.Equal(0, file.Length % 64);
    }

    [Fact]
    public void SourceWritingTheWrongSizeFailsAndLeavesNoFile()
    {
        var writer = new GgufWriter();
        writer.AddTensor("w", GgmlType.F32, [16], (_, stream) => stream.Write(new byte[10]));
        var dir = Directory.CreateTempSubdirectory("fc-writer-");
        try
        {
            var path = Path.Combine(dir.FullName, "out.gguf");
            var error = Assert.Throws<InvalidOperationException>(() => writer.WriteFile(path));
            Assert.Contains("needs 64 bytes but its source wrote 10", error.Message);
            Assert.Empty(dir.GetFiles());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void WriteFileReplacesAtomically()
    {
        var dir = Directory.CreateTempSubdirectory("fc-writer-");
        try
        {
            var path = Path.Combine(dir.FullName, "out.gguf");
            File.WriteAllText(path, "old");
            var writer = new GgufWriter();
            writer.Metadata.Set(GgufKeys.Architecture, GgufValue.String("llama"));
            writer.WriteFile(path);
            using var file = GgufFile.Open(path);
            Assert.Equal("llama", file.Metadata.GetString(GgufKeys.Architecture));
            Assert.Single(dir.GetFiles());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void InvalidTensorsAreRefusedWhenAdded()
    {
        var writer = new GgufWriter();
        writer.AddTensor("w", GgmlType.F32, [1], new byte[4]);
        Assert.Throws<ArgumentException>(() => writer.AddTensor("w", GgmlType.F32, [1], new byte[4]));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("q", GgmlType.Q4_0, [33], new byte[18]));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("x", (GgmlType)77, [1], new byte[4]));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("d", GgmlType.F32, [1, 1, 1, 1, 1], new byte[4]));
    }

    [Fact]
    public void DisposedFileRefusesDataAccess()
    {
        var writer = new GgufWriter();
        writer.AddTensor("w", GgmlType.F32, [4], new byte[16]);
        var file = WriteAndOpen(writer);
        var tensor = file.GetTensor("w");
        file.Dispose();
        file.Dispose(); // idempotent
        Assert.Throws<ObjectDisposedException>(() => file.GetTensorPointer(tensor));
    }
}
