using System.CommandLine;
using System.Globalization;
using FastChat.Gguf;
using FastChat.Quantization;
using FastChat.Quantization.Export;

namespace FastChat.Cli.Commands;

/// <summary>`fastchat export MODEL.gguf HF_DIR [--shard-size SIZE]`: a GGUF model as a Hugging Face checkpoint folder.</summary>
public static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Argument<FileInfo>("model") { Description = "GGUF model (llama or qwen2 architecture)" };
        var folder = new Argument<DirectoryInfo>("hf-dir") { Description = "Folder to create (must not exist or be empty)" };
        var shardSize = new Option<string?>("--shard-size") { Description = "Largest safetensors shard, e.g. 5GB or 500MiB; default one file" };
        var threads = new Option<int>("--threads") { Description = "Threads that decode quantized tensors", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("export", "Write a GGUF model as a Hugging Face checkpoint (safetensors, config, tokenizer)") { model, folder, shardSize, threads };
        command.SetAction(parseResult =>
        {
            var source = parseResult.GetRequiredValue(model);
            var destination = parseResult.GetRequiredValue(folder);
            if (!source.Exists) return context.Fail($"{source.FullName} does not exist");
            long maxShard;
            try
            {
                maxShard = parseResult.GetValue(shardSize) is { } size ? ParseSize(size) : long.MaxValue;
            }
            catch (ArgumentException e)
            {
                return context.Fail(e.Message);
            }
            try
            {
                var files = GgufExporter.Export(source.FullName, destination.FullName,
                    new ExportOptions { MaxShardBytes = maxShard, Threads = Math.Max(1, parseResult.GetValue(threads)) });
                context.Output.WriteLine($"wrote {destination.FullName}: {string.Join(", ", files)}");
                return 0;
            }
            catch (Exception e) when (e is ModelConversionException or GgufFormatException or IOException or UnauthorizedAccessException)
            {
                return context.Fail(e.Message);
            }
        });
        return command;
    }

    /// <summary>Bytes from "123", "5GB" (10^9) or "500MiB" (2^20).</summary>
    public static long ParseSize(string text)
    {
        var units = new (string Suffix, long Factor)[]
        {
            ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("KB", 1_000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("B", 1),
        };
        foreach (var (suffix, factor) in units)
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0)
                return (long)(value * factor);
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes > 0
            ? bytes
            : throw new ArgumentException($"--shard-size: '{text}' is not a size such as 5GB, 500MiB or 1000000");
    }
}
