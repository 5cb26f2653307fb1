using System.CommandLine;
using System.Globalization;
using FastChat.Gguf;
using FastChat.Quantization;
using FastChat.Quantization.Pipeline;
using FastChat.Quantization.Quantizing;
using Spectre.Console;

namespace FastChat.Cli.Commands;

/// <summary>
/// `fastchat quantize IN.gguf OUT.gguf --type T [--tensor-type PATTERN=TYPE]... [--output-tensor-type T]
/// [--token-embedding-type T] [--pure] [--threads N]`: rewrite a model's weights in another type.
/// </summary>
public static class QuantizeCommand
{
    public static Command Create(CliContext context)
    {
        var input = new Argument<FileInfo>("input") { Description = "GGUF model to quantize" };
        var output = new Argument<FileInfo>("output") { Description = "GGUF file to write (replaced only when complete)" };
        var type = new Option<string>("--type", "-t")
        {
            Description = "Target: " + string.Join(", ", QuantizationType.All.Select(t => t.Name)),
            Required = true,
        };
        var tensorTypes = new Option<string[]>("--tensor-type")
        {
            Description = "PATTERN=TYPE: tensors whose name matches the regular expression get this ggml type (repeatable; the last match wins)",
        };
        var outputType = new Option<string?>("--output-tensor-type") { Description = "ggml type of output.weight" };
        var embeddingType = new Option<string?>("--token-embedding-type") { Description = "ggml type of token_embd.weight" };
        var pure = new Option<bool>("--pure") { Description = "No k-quant mixture: every weight gets the base type (row-size fallbacks still apply)" };
        var threads = new Option<int>("--threads") { Description = "Encoding threads", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("quantize", "Quantize a GGUF model (k-quant mixtures as llama-quantize, per-tensor overrides)")
        {
            input, output, type, tensorTypes, outputType, embeddingType, pure, threads,
        };
        command.SetAction(parseResult =>
        {
            QuantizeOptions options;
            try
            {
                options = new QuantizeOptions
                {
                    Type = QuantizationType.Parse(parseResult.GetRequiredValue(type)),
                    Overrides = (parseResult.GetValue(tensorTypes) ?? []).Select(TensorTypeOverride.Parse).ToList(),
                    OutputTensorType = ParseTensorType(parseResult.GetValue(outputType), "--output-tensor-type"),
                    TokenEmbeddingType = ParseTensorType(parseResult.GetValue(embeddingType), "--token-embedding-type"),
                    Pure = parseResult.GetValue(pure),
                    Threads = Math.Max(1, parseResult.GetValue(threads)),
                };
            }
            catch (ArgumentException e)
            {
                return context.Fail(e.Message);
            }
            var source = parseResult.GetRequiredValue(input);
            var destination = parseResult.GetRequiredValue(output);
            if (!source.Exists) return context.Fail($"{source.FullName} does not exist");
            return RunReporting(context, $"quantize {source.Name} -> {destination.Name} as {options.Type}",
                progress => ModelQuantizer.Quantize(source.FullName, destination.FullName, options, progress));
        });
        return command;
    }

    private static GgmlType? ParseTensorType(string? name, string option) =>
        name is null ? null
        : GgmlTypes.TryParse(name, out var type) && FastChat.Native.Kernels.Quantization.IsSupported(type) && type is not (GgmlType.Q8_1 or GgmlType.Q8_K)
            ? type
            : throw new ArgumentException($"{option}: '{name}' is not a type tensors can be stored in here");

    /// <summary>
    /// Runs a quantize/convert job with a progress bar on a terminal, prints the summary (types, sizes, MB/s),
    /// and turns the library's errors into exit code 2 with the message.
    /// </summary>
    internal static int RunReporting(CliContext context, string label, Func<IProgress<ConversionProgress>?, ConversionResult> job)
    {
        try
        {
            ConversionResult result;
            if (context.Console.Profile.Capabilities.Ansi)
            {
                result = null!;
                context.Console.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .Start(progressContext =>
                    {
                        var task = progressContext.AddTask(Markup.Escape(label), maxValue: 1.0);
                        result = job(new InlineProgress(p =>
                        {
                            task.Value = p.Fraction;
                            task.Description = Markup.Escape(p.TensorIndex < p.TensorCount ? $"{label}: {p.TensorName}" : label);
                        }));
                    });
            }
            else
            {
                result = job(null);
            }
            WriteSummary(context.Output, result);
            return 0;
        }
        catch (Exception e) when (e is ModelConversionException or GgufFormatException or IOException or UnauthorizedAccessException)
        {
            return context.Fail(e.Message);
        }
    }

    private static void WriteSummary(TextWriter output, ConversionResult result)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine($"wrote {result.OutputPath}: {result.Tensors.Count} tensors ({result.TypeSummary})");
        output.WriteLine(string.Format(c, "{0:0.00} MB -> {1:0.00} MB in {2:0.000} s ({3:0.0} MB/s)",
            result.SourceBytes / 1e6, result.OutputBytes / 1e6, result.Elapsed.TotalSeconds, result.MegabytesPerSecond));
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and lag the bar).</summary>
    private sealed class InlineProgress(Action<ConversionProgress> report) : IProgress<ConversionProgress>
    {
        public void Report(ConversionProgress value) => report(value);
    }
}
