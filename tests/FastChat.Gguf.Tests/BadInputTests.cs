namespace FastChat.Gguf.Tests;

/// <summary>Each kind of malformed file gives a GgufFormatException that names the field and where it is.</summary>
public sealed class BadInputTests
{
    private static GgufFormatException Rejects(byte[] bytes)
    {
        var error = Assert.Throws<GgufFormatException>(() => GgufFile.FromBytes(bytes).Dispose());
        Assert.Contains(error.Field, error.Message);
        return error;
    }

    [Fact]
    public void ValidBaselineOpens()
    {
        using var file = GgufFile.FromBytes(RawGguf.Valid(out var dataStart).ToArray());
        Assert.Equal(dataStart, file.DataOffset);
        Assert.Equal(2, file.Tensors.Count);
        Assert.Equal(7f, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(file.GetTensorData(file.GetTensor("a")))[7]);
        Assert.Equal(8f, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(file.GetTensorData(file.GetTensor("b")))[0]);
    }

    [Fact]
    public void BadMagic()
    {
        var error = Rejects(new RawGguf().Header(magic: 0x4C4C5546).ToArray());
        Assert.Equal("magic", error.Field);
        Assert.Equal(0, error.Offset);
        Assert.Contains("not a GGUF file", error.Message);
    }

    [Theory]
    [InlineData(1u)]
    [InlineData(4u)]
    [InlineData(0xFFFFFFFFu)]
    public void UnsupportedVersion(uint version)
    {
        var error = Rejects(new RawGguf().Header(version: version).ToArray());
        Assert.Equal("version", error.Field);
        Assert.Equal(4, error.Offset);
    }

    [Fact]
    public void EmptyAndTinyFilesAreTruncated()
    {
        Assert.Equal("magic", Rejects([]).Field);
        Assert.Equal("magic", Rejects([0x47, 0x47]).Field);
        Assert.Equal("tensor_count", Rejects(new RawGguf().Header().ToArray()[..12]).Field);
    }

    [Fact]
    public void AbsurdTensorCountIsRejectedBeforeAllocating()
    {
        var error = Rejects(new RawGguf().Header(tensorCount: 1ul << 60).ToArray());
        Assert.Equal("tensor_count", error.Field);
        Assert.Equal(8, error.Offset);
    }

    [Fact]
    public void AbsurdKeyValueCount()
    {
        var error = Rejects(new RawGguf().Header(kvCount: ulong.MaxValue).ToArray());
        Assert.Equal("metadata_kv_count", error.Field);
        Assert.Equal(16, error.Offset);
    }

    [Fact]
    public void AbsurdKeyLength()
    {
        var bytes = new RawGguf().Header(kvCount: 1).Mark("key").U64(1ul << 60).Zeros(16).ToArray();
        var error = Rejects(bytes);
        Assert.Equal("kv[0].key.length", error.Field);
        Assert.Equal(24, error.Offset);
    }

    [Fact]
    public void AbsurdStringValueLength()
    {
        var bytes = new RawGguf().Header(kvCount: 1).Str("general.name").U32((uint)GgufValueType.String)
            .U64(ulong.MaxValue - 3).Zeros(8).ToArray();
        Assert.Equal("kv[0] 'general.name'.length", Rejects(bytes).Field);
    }

    [Fact]
    public void AbsurdArrayCount()
    {
        var raw = new RawGguf().Header(kvCount: 1).Str("tokenizer.ggml.scores").U32((uint)GgufValueType.Array)
            .U32((uint)GgufValueType.Float32).Mark("count").U64(1ul << 40).Zeros(64);
        var error = Rejects(raw.ToArray());
        Assert.Equal("kv[0] 'tokenizer.ggml.scores'.count", error.Field);
        Assert.Equal(raw.Offsets["count"], error.Offset);
    }

    [Fact]
    public void StringArrayWithTruncatedElement()
    {
        var bytes = new RawGguf().Header(kvCount: 1).Str("tokenizer.ggml.tokens").U32((uint)GgufValueType.Array)
            .U32((uint)GgufValueType.String).U64(2).Str("ok").U64(100).Zeros(8).ToArray();
        Assert.StartsWith("kv[0] 'tokenizer.ggml.tokens'", Rejects(bytes).Field);
    }

    [Fact]
    public void UnknownValueType()
    {
        var raw = new RawGguf().Header(kvCount: 1).Str("x").Mark("type").U32(13).U32(0);
        var error = Rejects(raw.ToArray());
        Assert.Equal("kv[0] 'x'.type", error.Field);
        Assert.Equal(raw.Offsets["type"], error.Offset);
        Assert.Contains("value type 13 is unknown", error.Message);
    }

    [Fact]
    public void DeeplyNestedArraysAreRejectedWithoutRecursingForever()
    {
        var raw = new RawGguf().Header(kvCount: 1).Str("nested").U32((uint)GgufValueType.Array);
        for (var i = 0; i < 100_000; i++) raw.U32((uint)GgufValueType.Array).U64(1);
        var error = Rejects(raw.ToArray());
        Assert.Contains("nested deeper", error.Message);
    }

    [Fact]
    public void DuplicateKey()
    {
        var bytes = new RawGguf().Header(kvCount: 2).KvU32("k", 1).KvU32("k", 2).ToArray();
        Assert.Contains("duplicate key 'k'", Rejects(bytes).Message);
    }

    [Fact]
    public void InvalidUtf8Key()
    {
        var bytes = new RawGguf().Header(kvCount: 1).U64(2).Bytes([0xC3, 0x28]).U32((uint)GgufValueType.UInt8).U8(1).ToArray();
        var error = Rejects(bytes);
        Assert.Equal("kv[0].key", error.Field);
        Assert.Contains("UTF-8", error.Message);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(48u)]
    public void AlignmentMustBeAPowerOfTwo(uint alignment)
    {
        var bytes = new RawGguf().Header(kvCount: 1).KvU32("general.alignment", alignment).ToArray();
        Assert.Equal("general.alignment", Rejects(bytes).Field);
    }

    [Fact]
    public void AlignmentMustBeU32()
    {
        var bytes = new RawGguf().Header(kvCount: 1).KvString("general.alignment", "32").ToArray();
        Assert.Contains("must be a u32", Rejects(bytes).Message);
    }

    [Theory]
    [InlineData(77u, "type 77 is unknown")]
    [InlineData(4u, "removed from ggml")]
    [InlineData(32u, "removed from ggml")]
    public void UnknownTensorType(uint type, string expected)
    {
        var raw = new RawGguf().Header(tensorCount: 1).Tensor("w", [32], type, 0).PadTo(32).Zeros(64);
        var error = Rejects(raw.ToArray());
        Assert.Equal("tensor[0] 'w'.type", error.Field);
        Assert.Equal(raw.Offsets["w.type"], error.Offset);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void DimensionCountOutOfRange(int dims)
    {
        var bytes = new RawGguf().Header(tensorCount: 1).Tensor("w", Enumerable.Repeat(1ul, dims).ToArray(), 0, 0).PadTo(32).Zeros(32).ToArray();
        Assert.Equal("tensor[0] 'w'.n_dims", Rejects(bytes).Field);
    }

    [Fact]
    public void ElementCountOverflow()
    {
        var bytes = new RawGguf().Header(tensorCount: 1).Tensor("w", [1ul << 32, 1ul << 32], 0, 0).PadTo(32).ToArray();
        Assert.Equal("tensor[0] 'w'.ne[1]", Rejects(bytes).Field);
    }

    [Fact]
    public void RowNotAMultipleOfTheBlockSize()
    {
        var bytes = new RawGguf().Header(tensorCount: 1).Tensor("w", [33, 2], (uint)GgmlType.Q4_0, 0).PadTo(32).Zeros(64).ToArray();
        var error = Rejects(bytes);
        Assert.Equal("tensor[0] 'w'.ne[0]", error.Field);
        Assert.Contains("block size 32", error.Message);
    }

    [Fact]
    public void MisalignedTensorOffset()
    {
        var raw = new RawGguf().Header(tensorCount: 1).Tensor("w", [4], 0, 4).PadTo(32).Zeros(64);
        var error = Rejects(raw.ToArray());
        Assert.Equal("tensor[0] 'w'.offset", error.Field);
        Assert.Equal(raw.Offsets["w.offset"], error.Offset);
    }

    [Fact]
    public void TensorDataBeyondEndOfFile()
    {
        var bytes = new RawGguf().Header(tensorCount: 1).Tensor("w", [1024], 0, 0).PadTo(32).Zeros(100).ToArray();
        var error = Rejects(bytes);
        Assert.Equal("tensor[0] 'w'.offset", error.Field);
        Assert.Contains("beyond the end of the file", error.Message);
    }

    [Fact]
    public void HugeOffsetDoesNotOverflow()
    {
        var bytes = new RawGguf().Header(tensorCount: 1).Tensor("w", [8], 0, (ulong)long.MaxValue - 31).PadTo(32).Zeros(32).ToArray();
        Assert.StartsWith("tensor[0] 'w'.offset", Rejects(bytes).Field);
    }

    [Fact]
    public void OverlappingTensors()
    {
        var bytes = new RawGguf().Header(tensorCount: 2).Tensor("a", [16], 0, 0).Tensor("b", [16], 0, 32).PadTo(32).Zeros(128).ToArray();
        var error = Rejects(bytes);
        Assert.Equal("tensor[0] 'a'.offset", error.Field);
        Assert.Contains("overlaps tensor[1] 'b'", error.Message);
    }

    [Fact]
    public void DuplicateTensorName()
    {
        var bytes = new RawGguf().Header(tensorCount: 2).Tensor("a", [8], 0, 0).Tensor("a", [8], 0, 32).PadTo(32).Zeros(64).ToArray();
        Assert.Contains("duplicate tensor name 'a'", Rejects(bytes).Message);
    }

    [Fact]
    public void TypedGetterNamesTheKeyOnTypeMismatch()
    {
        var bytes = new RawGguf().Header(kvCount: 2).KvString("general.architecture", "llama").KvString("llama.block_count", "five").ToArray();
        using var file = GgufFile.FromBytes(bytes);
        var error = Assert.Throws<GgufFormatException>(() => file.HyperParameters);
        Assert.Equal("llama.block_count", error.Field);
    }

    [Fact]
    public void MissingArchitectureIsReportedByName()
    {
        using var file = GgufFile.FromBytes(new RawGguf().Header().ToArray());
        Assert.Equal("general.architecture", Assert.Throws<GgufFormatException>(() => file.HyperParameters).Field);
    }

    [Fact]
    public void MissingFileOnDiskIsAnIoError()
    {
        Assert.Throws<FileNotFoundException>(() => GgufFile.Open(Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".gguf")));
    }

    [Fact]
    public void EmptyFileOnDiskIsTruncatedNotACrash()
    {
        var path = Path.GetTempFileName();
        try
        {
            Assert.Equal("magic", Assert.Throws<GgufFormatException>(() => GgufFile.Open(path)).Field);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
