using System.Globalization;
using FastChat.Gguf;
using Spectre.Console;

namespace FastChat.Cli.Inspection;

/// <summary>Renders an <see cref="InspectReport"/> as Spectre.Console tables.</summary>
public static class InspectRenderer
{
    private const int MaxValueWidth = 96;

    public static void Render(IAnsiConsole console, InspectReport report, bool allTensors)
    {
        console.MarkupLineInterpolated($"[bold]{report.File ?? "(in memory)"}[/]");
        console.WriteLine($"GGUF v{report.Version}, {Bytes(report.FileBytes)}, alignment {report.Alignment}, " +
                          $"data at {report.DataOffset}, opened in {report.OpenMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)} ms");
        console.WriteLine();

        if (report.HyperParameters is { } hp) console.Write(HyperParameterTable(hp));
        if (report.Tokenizer is { } tokenizer) console.Write(TokenizerTable(tokenizer));
        console.Write(MetadataTable(report.Metadata));
        console.Write(TensorTable(report, allTensors));
    }

    private static Table HyperParameterTable(ModelHyperParameters hp)
    {
        var table = NewTable("Architecture", "parameter", "value");
        void Add(string name, object? value)
        {
            if (value is not null) Row(table, name, Convert.ToString(value, CultureInfo.InvariantCulture)!);
        }
        Add("architecture", hp.Architecture);
        Add("name", hp.Name);
        Add("file type", hp.FileType);
        Add("context length", hp.ContextLength);
        Add("embedding length", hp.EmbeddingLength);
        Add("blocks", hp.BlockCount);
        Add("feed-forward length", hp.FeedForwardLength);
        Add("heads", hp.HeadCount);
        Add("kv heads", hp.HeadCountKv);
        Add("head dimension", hp.HeadDimension);
        Add("rms norm epsilon", hp.RmsNormEpsilon);
        Add("layer norm epsilon", hp.LayerNormEpsilon);
        Add("rope dimensions", hp.RopeDimensionCount);
        Add("rope freq base", hp.RopeFreqBase);
        Add("rope scaling", hp.RopeScalingType is null ? null : $"{hp.RopeScalingType} x{hp.RopeScalingFactor}");
        Add("experts", hp.ExpertCount is null ? null : $"{hp.ExpertCount} ({hp.ExpertUsedCount} used)");
        Add("vocabulary", hp.VocabSize);
        return table;
    }

    private static Table TokenizerTable(GgufTokenizerInfo t)
    {
        var table = NewTable("Tokenizer", "property", "value");
        Row(table, "model", t.Model);
        if (t.Pre is not null) Row(table, "pre-tokenizer", t.Pre);
        Row(table, "tokens", t.TokenCount.ToString(CultureInfo.InvariantCulture));
        Row(table, "merges", t.MergeCount.ToString(CultureInfo.InvariantCulture));
        Row(table, "scores / token types", $"{(t.HasScores ? "yes" : "no")} / {(t.HasTokenTypes ? "yes" : "no")}");
        var specials = new (string Name, long? Id)[]
        {
            ("bos", t.BosTokenId), ("eos", t.EosTokenId), ("unk", t.UnknownTokenId), ("pad", t.PaddingTokenId),
            ("sep", t.SeparatorTokenId), ("eot", t.EotTokenId),
        };
        Row(table, "special ids", string.Join(", ", specials.Where(s => s.Id is not null).Select(s => $"{s.Name}={s.Id}")));
        Row(table, "add bos / eos", $"{t.AddBosToken?.ToString() ?? "-"} / {t.AddEosToken?.ToString() ?? "-"}");
        Row(table, "chat template", t.HasChatTemplate ? $"yes ({t.ChatTemplate!.Length} chars)" : "no");
        return table;
    }

    private static Table MetadataTable(IReadOnlyList<InspectReport.MetadataEntry> entries)
    {
        var table = NewTable($"Metadata ({entries.Count} keys)", "key", "type", "value");
        foreach (var e in entries)
        {
            var value = e.Count is { } count
                ? $"{count} items: " + string.Join(", ", e.Preview!.Select(p => Shorten(p, 24))) + (count > e.Preview!.Count ? ", ..." : "")
                : Convert.ToString(e.Value, CultureInfo.InvariantCulture) ?? "";
            Row(table, e.Key, e.Type, Shorten(value, MaxValueWidth));
        }
        return table;
    }

    private static Table TensorTable(InspectReport report, bool allTensors)
    {
        const int defaultRows = 40;
        var table = NewTable($"Tensors ({report.TensorCount})", "name", "type", "shape", "elements", "bytes");
        table.Columns[3].RightAligned();
        table.Columns[4].RightAligned();
        var shown = allTensors ? report.Tensors : report.Tensors.Take(defaultRows).ToList();
        foreach (var t in shown)
            Row(table, t.Name, t.Type, "[" + string.Join(", ", t.Shape) + "]", Count(t.Elements), Bytes(t.Bytes));
        if (shown.Count < report.Tensors.Count)
            Row(table, $"... {report.Tensors.Count - shown.Count} more (--all)", "", "", "", "");
        table.AddEmptyRow();
        foreach (var type in report.TensorTypes)
            Row(table, $"total {type.Type}", type.Type, $"{type.Tensors} tensors", Count(type.Elements), Bytes(type.Bytes));
        Row(table, "total", "", $"{report.TensorCount} tensors", Count(report.TotalElements), Bytes(report.TotalTensorBytes));
        return table;
    }

    // Cells are plain Text, never markup: tensor shapes, array types and metadata values contain brackets.
    private static void Row(Table table, params string[] cells) => table.AddRow(cells.Select(c => (Spectre.Console.Rendering.IRenderable)new Text(c)));

    private static Table NewTable(string title, params string[] columns)
    {
        var table = new Table { Title = new TableTitle(title), Border = TableBorder.Rounded };
        foreach (var column in columns) table.AddColumn(column);
        return table;
    }

    private static string Shorten(string text, int max)
    {
        text = text.ReplaceLineEndings("\\n");
        return text.Length <= max ? text : text[..(max - 3)] + "...";
    }

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    internal static string Bytes(long n) => n switch
    {
        >= 1L << 30 => $"{n / (double)(1L << 30):0.00} GiB",
        >= 1L << 20 => $"{n / (double)(1L << 20):0.00} MiB",
        >= 1L << 10 => $"{n / 1024.0:0.0} KiB",
        _ => $"{n} B",
    };
}
