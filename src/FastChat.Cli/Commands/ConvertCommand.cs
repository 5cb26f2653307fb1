using System.CommandLine;
using FastChat.Quantization.Conversion;
using FastChat.Quantization.Quantizing;

namespace FastChat.Cli.Commands;

/// <summary>`fastchat convert HF_DIR OUT.gguf [--type T] [--threads N]`: a Hugging Face llama / mistral / qwen2 checkpoint to GGUF.</summary>
public static class ConvertCommand
{
    public static Command Create(CliContext context)
    {
        var folder = new Argument<DirectoryInfo>("hf-dir") { Description = "Checkpoint folder: config.json, *.safetensors, tokenizer files" };
        var output = new Argument<FileInfo>("output") { Description = "GGUF file to write (replaced only when complete)" };
        var type = new Option<string?>("--type", "-t")
        {
            Description = "Weight type (" + string.Join(", ", QuantizationType.All.Select(t => t.Name)) + "); default: the checkpoint's dtype",
        };
        var threads = new Option<int>("--threads") { Description = "Encoding threads", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("convert", "Convert a Hugging Face checkpoint folder to GGUF") { folder, output, type, threads };
        command.SetAction(parseResult =>
        {
            ConvertOptions options;
            try
            {
                var typeName = parseResult.GetValue(type);
                options = new ConvertOptions
                {
                    Type = typeName is null ? null : QuantizationType.Parse(typeName),
                    Threads = Math.Max(1, parseResult.GetValue(threads)),
                };
            }
            catch (ArgumentException e)
            {
                return context.Fail(e.Message);
            }
            var source = parseResult.GetRequiredValue(folder);
            var destination = parseResult.GetRequiredValue(output);
            if (!source.Exists) return context.Fail($"{source.FullName} does not exist");
            return QuantizeCommand.RunReporting(context, $"convert {source.Name} -> {destination.Name}",
                progress => HfConverter.Convert(source.FullName, destination.FullName, options, progress));
        });
        return command;
    }
}
