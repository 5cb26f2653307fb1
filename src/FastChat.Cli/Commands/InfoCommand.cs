using System.CommandLine;
using System.Text.Json;
using FastChat.Gguf;
using FastChat.Native;
using FastChat.Native.Kernels;

namespace FastChat.Cli.Commands;

/// <summary>
/// `fastchat info`: the native library build, ABI, CPU features, the kernel path chosen here and the
/// implementation each matmul weight type and attention cache type runs on.
/// </summary>
public static class InfoCommand
{
    public static Command Create(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text" };
        var command = new Command("info", "Show the native library, CPU features and kernel dispatch path") { json };
        command.SetAction(parseResult =>
        {
            try
            {
                var report = new
                {
                    abi_version = FastChatNative.AbiVersion,
                    build = FastChatNative.BuildInfo,
                    kernel_path = FastChatNative.KernelPath,
                    matmul_paths = Paths([GgmlType.F32, GgmlType.F16, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q6_K], MatMul.PathFor),
                    attention_paths = Paths([GgmlType.F32, GgmlType.F16, GgmlType.Q8_0], Attention.PathFor),
                    cpu_features = FastChatNative.CpuFeatureNames(),
                    cuda_compiled = FastChatNative.CudaCompiled,
                    cuda_devices = FastChatNative.CudaDeviceCount,
                    processors = Environment.ProcessorCount,
                };
                if (parseResult.GetValue(json))
                {
                    context.Output.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
                    return 0;
                }
                context.Output.WriteLine($"native library : {report.build}");
                context.Output.WriteLine($"abi version    : {report.abi_version}");
                context.Output.WriteLine($"kernel path    : {report.kernel_path}");
                context.Output.WriteLine($"matmul         : {string.Join(", ", report.matmul_paths.Select(p => $"{p.Key} {p.Value}"))}");
                context.Output.WriteLine($"attention (kv) : {string.Join(", ", report.attention_paths.Select(p => $"{p.Key} {p.Value}"))}");
                context.Output.WriteLine($"cpu features   : {string.Join(' ', report.cpu_features)}");
                context.Output.WriteLine($"cuda           : {(report.cuda_compiled ? $"compiled, {report.cuda_devices} device(s)" : "not compiled")}");
                context.Output.WriteLine($"processors     : {report.processors}");
                return 0;
            }
            catch (FastChatNativeException e)
            {
                return context.Fail(e.Message);
            }
        });
        return command;
    }

    /// <summary>Type name (lower case, as GGUF tools write it) to the implementation that runs it.</summary>
    private static Dictionary<string, string> Paths(GgmlType[] types, Func<GgmlType, string?> path) =>
        types.ToDictionary(t => t.ToString().ToLowerInvariant(), t => path(t) ?? "none");
}
