using System.CommandLine;
using System.Globalization;
using FastChat.Quantization.Generation;
using Spectre.Console;

namespace FastChat.Cli.Commands;

/// <summary>
/// `fastchat gen-model --preset NAME [--arch ARCH] [--type Q4_0] [--seed N] [--threads N] [--force] OUT.gguf`: a
/// random-weight GGUF in a real model's shape, with a synthesized tokenizer, for speed tests.
/// </summary>
public static class GenModelCommand
{
    public static Command Create(CliContext context)
    {
        var output = new Argument<FileInfo>("output") { Description = "GGUF file to write" };
        var preset = new Option<string>("--preset", "-p")
        {
            Description = "Model shape: " + string.Join(", ", ModelPresets.All.Select(p => p.Name)),
            Required = true,
        };
        var arch = new Option<string?>("--arch") { Description = "Architecture; must match the preset's (llama, qwen2)" };
        var type = new Option<string>("--type", "-t")
        {
            Description = "Weight type: " + string.Join(", ", WeightTypes.Supported.Select(WeightTypes.Name)),
            DefaultValueFactory = _ => "Q4_0",
        };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the random weights (same seed, same bytes)", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { Description = "Threads generating weights", DefaultValueFactory = _ => Environment.ProcessorCount };
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite OUTPUT if it exists" };
        var command = new Command("gen-model", "Write a random-weight GGUF with a real model's shape and a synthetic tokenizer, for speed tests")
        {
            output, preset, arch, type, seed, threads, force,
        };
        command.SetAction(parseResult => Run(context, new Request(
            parseResult.GetRequiredValue(output),
            parseResult.GetRequiredValue(preset),
            parseResult.GetValue(arch),
            parseResult.GetRequiredValue(type),
            parseResult.GetValue(seed),
            parseResult.GetValue(threads),
            parseResult.GetValue(force))));
        return command;
    }

    private sealed record Request(FileInfo Output, string Preset, string? Architecture, string Type, ulong Seed, int Threads, bool Force);

    private static int Run(CliContext context, Request request)
    {
        GenerationOptions options;
        try
        {
            var preset = ModelPresets.Get(request.Preset);
            if (request.Architecture is { } arch && !string.Equals(arch, preset.Architecture, StringComparison.OrdinalIgnoreCase))
                return context.Fail($"preset {preset.Name} is a {preset.Architecture} model, not {arch}");
            if (request.Threads < 1) return context.Fail("--threads must be at least 1");
            options = new GenerationOptions { Preset = preset, Type = WeightTypes.Parse(request.Type), Seed = request.Seed, Threads = request.Threads };
        }
        catch (ArgumentException e)
        {
            return context.Fail(e.Message);
        }
        if (request.Output.Exists && !request.Force) return context.Fail($"{request.Output.FullName} exists; pass --force to overwrite it");

        try
        {
            var result = WriteWithProgress(context, options, request.Output.FullName);
            var c = CultureInfo.InvariantCulture;
            context.Output.WriteLine($"wrote {result.Path}: {options.Preset.Name}, {WeightTypes.Name(options.Type)}, seed {options.Seed}");
            context.Output.WriteLine(string.Format(c, "{0:0.000}B parameters, {1} tensors, {2:0.00} MB in {3:0.00} s ({4:0.0} MB/s)",
                result.ParameterCount / 1e9, result.TensorCount, result.FileBytes / 1e6, result.Elapsed.TotalSeconds,
                result.FileBytes / 1e6 / Math.Max(result.Elapsed.TotalSeconds, 1e-9)));
            foreach (var fallback in result.Fallbacks) context.Error.WriteLine("note: " + fallback);
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return context.Fail($"cannot write {request.Output.FullName}: {e.Message}");
        }
    }

    /// <summary>A progress bar on a terminal; plain output otherwise (tests, pipes).</summary>
    private static GenerationResult WriteWithProgress(CliContext context, GenerationOptions options, string path)
    {
        if (!context.Console.Profile.Capabilities.Ansi) return RandomModelGenerator.Write(options, path);
        GenerationResult result = null!;
        var label = $"gen-model {options.Preset.Name} {WeightTypes.Name(options.Type)}";
        context.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(progressContext =>
            {
                var task = progressContext.AddTask(Markup.Escape(label), maxValue: 1.0);
                result = RandomModelGenerator.Write(options, path, new InlineProgress(p =>
                {
                    task.Value = p.Fraction;
                    task.Description = Markup.Escape($"{label}: {p.TensorName}");
                }));
            });
        return result;
    }

    /// <summary>Reports on the writing thread (Progress&lt;T&gt; would post to the thread pool and lag the bar).</summary>
    private sealed class InlineProgress(Action<GenerationProgress> report) : IProgress<GenerationProgress>
    {
        public void Report(GenerationProgress value) => report(value);
    }
}
