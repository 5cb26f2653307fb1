using System.Text;
using FastChat.Data.IO;
using FastChat.Tests;

namespace FastChat.Data.Tests;

public sealed class DatasetIoTests
{
    private static readonly string Dummy = SharedData.Path("fastchat-data", "dummy_conversation.json");

    [Fact]
    public void ReadsEveryDummyConversation()
    {
        var report = new DataReport();
        var samples = DatasetReader.Read(Dummy, report).ToList();
        Assert.Equal(500, samples.Count);
        Assert.Equal(500, report.Read);
        Assert.Equal(0, report.Dropped);
        Assert.Equal("identity_0", samples[0].Id);
        Assert.Equal(["human", "gpt", "human", "gpt"], samples[0].Conversations.Select(t => t.From));
        Assert.Equal("Who are you?", samples[0].Conversations[0].Value);
    }

    [Theory]
    [InlineData("out.json")]
    [InlineData("out.jsonl")]
    public void WriteThenReadGivesTheSameRecords(string name)
    {
        using var temp = new TempDirectory();
        var original = DatasetReader.Read(Dummy, new DataReport()).ToList();
        var unicode = new ShareGptSample("u", [new("human", "héllo \"quoted\" \n 日本語 😀"), new("gpt", "<b>tag</b>")], "m");
        var path = temp.File(name);
        Assert.Equal(501, DatasetWriter.Write(path, original.Append(unicode)));
        var report = new DataReport();
        var back = DatasetReader.Read(path, report).ToList();
        Assert.Equal(0, report.Dropped);
        Assert.Equal(501, back.Count);
        for (var i = 0; i < 501; i++)
        {
            var expected = i < 500 ? original[i] : unicode;
            Assert.Equal(expected.Id, back[i].Id);
            Assert.Equal(expected.Model, back[i].Model);
            Assert.Equal(expected.Conversations, back[i].Conversations);
        }
    }

    [Fact]
    public void BadJsonLinesAreCountedByReasonAndTheGoodOnesKept()
    {
        using var temp = new TempDirectory();
        var path = temp.File("bad.jsonl");
        using (var file = File.Create(path))
        {
            void Line(string text) => file.Write(Encoding.UTF8.GetBytes(text + "\n"));
            Line("""{"id":"good","conversations":[{"from":"human","value":"hi"},{"from":"gpt","value":"hello"}]}""");
            Line("""{"id":"no-conversations"}""");
            Line("""{"id":"no-value","conversations":[{"from":"human"}]}""");
            Line("""{"id":"not json""");
            Line("""[1,2]""");
            file.Write([.. Encoding.UTF8.GetBytes("""{"id":"latin1","conversations":[{"from":"human","value":"caf"""), 0xE9, .. Encoding.UTF8.GetBytes("\"}]}\n")]);
            Line("");
            Line("""{"id":7,"conversations":[{"from":"human","value":"numeric id"},{"from":"gpt","value":"ok"}]}""");
        }
        var report = new DataReport();
        var kept = DatasetReader.Read(path, report).ToList();
        Assert.Equal(["good", "7"], kept.Select(s => s.Id));
        Assert.Equal(7, report.Read); // the blank line is not a record
        Assert.Equal(2, report.DroppedFor(DropReasons.MissingField));
        Assert.Equal(2, report.DroppedFor(DropReasons.Malformed));
        Assert.Equal(1, report.DroppedFor(DropReasons.InvalidUtf8));
        Assert.Equal(report.Read, kept.Count + report.Dropped);
        Assert.Contains("line 6", report.Examples(DatasetReader.Step, DropReasons.InvalidUtf8)[0]);
        Assert.Contains("no-conversations", report.Format());
    }

    [Fact]
    public void InvalidUtf8InAJsonArrayRecordDropsThatRecordOnly()
    {
        using var temp = new TempDirectory();
        var path = temp.File("bad.json");
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes("""[{"id":"a","conversations":[]},{"id":"b","conversations":[{"from":"human","value":"x"""), 0xFF,
            .. Encoding.UTF8.GetBytes("\"}]},{\"id\":\"c\",\"conversations\":[]}]")]);
        var report = new DataReport();
        Assert.Equal(["a", "c"], DatasetReader.Read(path, report).Select(s => s.Id));
        Assert.Equal(3, report.Read);
        Assert.Equal("record 1: a string is not valid UTF-8", Assert.Single(report.Examples(DatasetReader.Step, DropReasons.InvalidUtf8)));
    }

    [Fact]
    public void BrokenJsonArrayStopsWithThePosition()
    {
        using var temp = new TempDirectory();
        var path = temp.File("broken.json");
        File.WriteAllText(path, """[{"id":"a","conversations":[]}, {"id": nope}]""");
        var error = Assert.Throws<DataFormatException>(() => DatasetReader.Read(path, new DataReport()).ToList());
        Assert.Contains("invalid JSON at line 1, byte", error.Message);
    }

    [Fact]
    public void MissingFileIsAClearError() =>
        Assert.Contains("does not exist", Assert.Throws<FileNotFoundException>(() => DatasetReader.Read("/nonexistent/x.json", new DataReport())).Message);
}
