using System.Buffers.Binary;
using FastChat.Evaluation.Charts;

namespace FastChat.Evaluation.Tests;

public sealed class CategoryChartTests
{
    private static (int Width, int Height) PngSize(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10 }, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    [Fact]
    public void Radar_WritesAPngOfTheRequestedSize()
    {
        using var dir = new TempDirectory();
        var path = dir.File("sub", "radar.png");
        string[] categories = ["writing", "roleplay", "reasoning", "math", "coding", "extraction", "stem", "humanities"];
        CategoryChart.SaveRadar(path, "MT-bench", categories, [("a", [9, 8, 7, 6, 5, 4, 3, 2]), ("b", [2, 3, 4, 5, 6, 7, 8, 9])], 10, 640, 480);
        Assert.Equal((640, 480), PngSize(path));
        Assert.True(new FileInfo(path).Length > 5000); // drawn, not blank
    }

    [Fact]
    public void Bars_WritesAPng_AndMismatchedSeriesThrow()
    {
        using var dir = new TempDirectory();
        var path = dir.File("bars.png");
        CategoryChart.SaveBars(path, "win rate", ["generic", "math"], [("gpt-4", [0.7, 0.5])], 1, 500, 300);
        Assert.Equal((500, 300), PngSize(path));
        Assert.Throws<ArgumentException>(() => CategoryChart.SaveBars(path, "x", ["a", "b"], [("m", [1.0])], 1));
    }
}
