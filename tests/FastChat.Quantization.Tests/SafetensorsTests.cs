using System.Text;
using FastChat.Quantization.Safetensors;

namespace FastChat.Quantization.Tests;

public sealed class SafetensorsTests
{
    private static byte[] Bytes(int count, int seed) => Enumerable.Range(0, count).Select(i => (byte)(i * 31 + seed)).ToArray();

    [Fact]
    public void WrittenTensorsReadBackWithShapesDTypesAndBytes()
    {
        using var temp = new TempDirectory();
        var writer = new SafetensorsWriter();
        writer.Add("a.weight", "F32", [3, 5], s => s.Write(Bytes(60, 1)));
        writer.Add("b.bias", "BF16", [7], s => s.Write(Bytes(14, 2)));
        writer.Add("c", "F16", [0, 4], _ => { });
        Assert.Equal(["model.safetensors"], writer.WriteTo(temp.Path));

        var bytes = File.ReadAllBytes(temp.File("model.safetensors"));
        Assert.Equal(0, BitConverter.ToInt64(bytes, 0) % 8);
        using var file = SafetensorsFile.Open(temp.File("model.safetensors"));
        Assert.Equal(0, file.DataOffset % 8);
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.True(file.TryGetTensor("a.weight", out var a));
        Assert.Equal("F32", a.DType);
        Assert.Equal([3L, 5], a.Shape);
        Assert.Equal(Bytes(60, 1), bytes.AsSpan((int)a.Offset, 60).ToArray());
        Assert.True(file.TryGetTensor("b.bias", out var b));
        Assert.Equal(Bytes(14, 2), bytes.AsSpan((int)b.Offset, 14).ToArray());
        Assert.True(file.TryGetTensor("c", out var c));
        Assert.Equal(0, c.ByteSize);
    }

    [Fact]
    public void ShardsAreIndexedAndReadAsOneCheckpoint()
    {
        using var temp = new TempDirectory();
        var writer = new SafetensorsWriter { MaxShardBytes = 100 };
        for (var i = 0; i < 5; i++)
        {
            var seed = i;
            writer.Add($"t{i}", "F32", [16], s => s.Write(Bytes(64, seed)));
        }
        var files = writer.WriteTo(temp.Path);
        Assert.Equal(6, files.Count);
        Assert.Contains("model-00005-of-00005.safetensors", files);
        using var checkpoint = SafetensorsCheckpoint.Open(temp.Path);
        Assert.Equal(5, checkpoint.Files.Count);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"t{i}"), checkpoint.Tensors.Keys.Order());
        unsafe
        {
            Assert.Equal(Bytes(64, 3), new ReadOnlySpan<byte>((void*)checkpoint.Tensors["t3"].Pointer, 64).ToArray());
        }
    }

    [Fact]
    public void AnIndexNamingAMissingShardOrTensorIsAnError()
    {
        using var temp = new TempDirectory();
        var writer = new SafetensorsWriter { MaxShardBytes = 10 };
        writer.Add("x", "F32", [4], s => s.Write(new byte[16]));
        writer.Add("y", "F32", [4], s => s.Write(new byte[16]));
        writer.WriteTo(temp.Path);
        var index = temp.File(SafetensorsCheckpoint.IndexFileName);
        File.WriteAllText(index, File.ReadAllText(index).Replace("\"y\"", "\"z\""));
        Assert.Contains("'z'", Assert.Throws<ModelConversionException>(() => SafetensorsCheckpoint.Open(temp.Path)).Message);
        File.Delete(temp.File("model-00002-of-00002.safetensors"));
        Assert.Contains("model-00002-of-00002.safetensors", Assert.Throws<ModelConversionException>(() => SafetensorsCheckpoint.Open(temp.Path)).Message);
    }

    [Theory]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", "needs 8 bytes but data_offsets give 4")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", "truncated")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,0]}}", "data_offsets")]
    [InlineData("{\"t\":{\"dtype\":\"Q4\",\"shape\":[2],\"data_offsets\":[0,8]}}", "unknown dtype 'Q4'")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", "shape")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", "twice")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("{\"t\":", "not valid JSON")]
    public void MalformedHeadersNameTheProblem(string header, string expected)
    {
        using var temp = new TempDirectory();
        var json = Encoding.UTF8.GetBytes(header);
        File.WriteAllBytes(temp.File("m.safetensors"), [.. BitConverter.GetBytes((long)json.Length), .. json, .. new byte[8]]);
        var error = Assert.Throws<ModelConversionException>(() => SafetensorsFile.Open(temp.File("m.safetensors")));
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void FilesTooShortForAHeaderAreTruncated(int length)
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.File("m.safetensors"), new byte[length]);
        Assert.Contains("truncated", Assert.Throws<ModelConversionException>(() => SafetensorsFile.Open(temp.File("m.safetensors"))).Message);
    }
}
