using System.CommandLine;
using FastChat.Engine.Models;
using FastChat.Gguf;

namespace FastChat.Cli.Commands;

/// <summary>The options every command that runs a model shares: file, threads, context, KV cache type, repacking.</summary>
internal sealed class ModelArguments
{
    public Option<FileInfo> Model { get; } = new("--model", "-m") { Description = "GGUF model file", Required = true };
    public Option<int> Threads { get; } = new("--threads", "-t") { Description = "Compute threads", DefaultValueFactory = _ => Environment.ProcessorCount };
    public Option<int?> Context { get; } = new("--ctx-size", "-c") { Description = "Context length (default: the model's)" };
    public Option<string> KvType { get; } = new("--kv-type") { Description = "KV cache type: f16, q8_0 or f32", DefaultValueFactory = _ => "f16" };
    public Option<bool> NoRepack { get; } = new("--no-repack") { Description = "Multiply Q4_0/Q8_0 weights in place instead of repacking them at load" };

    public void AddTo(Command command)
    {
        command.Options.Add(Model);
        command.Options.Add(Threads);
        command.Options.Add(Context);
        command.Options.Add(KvType);
        command.Options.Add(NoRepack);
    }

    /// <summary>Loads the model the options name; errors come back as a message for <see cref="CliContext.Fail"/>.</summary>
    public LlamaModel Load(ParseResult parseResult)
    {
        var file = parseResult.GetRequiredValue(Model);
        if (!file.Exists) throw new FileNotFoundException($"{file.FullName} does not exist");
        var threads = parseResult.GetValue(Threads);
        if (threads < 1) throw new ArgumentException($"--threads must be at least 1, not {threads}");
        var kvType = parseResult.GetValue(KvType)?.ToLowerInvariant() switch
        {
            "f16" => GgmlType.F16,
            "f32" => GgmlType.F32,
            "q8_0" => GgmlType.Q8_0,
            var other => throw new ArgumentException($"--kv-type must be f16, q8_0 or f32, not '{other}'"),
        };
        return LlamaModel.Load(file.FullName, new ModelOptions
        {
            KvCacheType = kvType, ContextLength = parseResult.GetValue(Context), RepackWeights = !parseResult.GetValue(NoRepack),
        });
    }

    /// <summary>True for the exceptions a bad model file or argument raises (reported as input errors, not crashes).</summary>
    public static bool IsInputError(Exception e) =>
        e is ModelException or GgufFormatException or FileNotFoundException or ArgumentException or IOException
            or UnauthorizedAccessException or Engine.Tokenization.TokenizerException;
}
