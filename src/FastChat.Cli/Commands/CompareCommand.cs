using System.CommandLine;
using System.Text;
using System.Text.Json;
using FastChat.Engine.Models;
using FastChat.Quantization.Quality;

namespace FastChat.Cli.Commands;

/// <summary>
/// `fastchat compare ORIGINAL.gguf QUANTIZED.gguf -f TEXT [--chunk N] [-t N] [--json]`: the quality report of a
/// quantization: both perplexities, KL divergence (mean, p99) and top-token agreement on the same text.
/// </summary>
public static class CompareCommand
{
    public static Command Create(CliContext context)
    {
        var original = new Argument<FileInfo>("original") { Description = "The original (reference) GGUF" };
        var quantized = new Argument<FileInfo>("quantized") { Description = "The quantized GGUF to judge" };
        var file = new Option<FileInfo>("--file", "-f") { Description = "UTF-8 text to score", Required = true };
        var chunk = new Option<int>("--chunk") { Description = "Tokens per evaluated chunk", DefaultValueFactory = _ => 512 };
        var threads = new Option<int>("--threads", "-t") { Description = "Compute threads", DefaultValueFactory = _ => Environment.ProcessorCount };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON" };
        var command = new Command("compare", "Quality report of a quantized model against its original (perplexity, KL divergence, top-1 agreement)")
        {
            original, quantized, file, chunk, threads, json,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            try
            {
                foreach (var path in new[] { parseResult.GetRequiredValue(original), parseResult.GetRequiredValue(quantized), parseResult.GetRequiredValue(file) })
                    if (!path.Exists) return Task.FromResult(context.Fail($"{path.FullName} does not exist"));
                using var baseModel = LlamaModel.Load(parseResult.GetRequiredValue(original).FullName);
                using var quantModel = LlamaModel.Load(parseResult.GetRequiredValue(quantized).FullName);
                var tokens = baseModel.Tokenizer.Encode(File.ReadAllText(parseResult.GetRequiredValue(file).FullName, Encoding.UTF8));
                var contextLength = Math.Min(parseResult.GetValue(chunk), Math.Min(baseModel.Config.ContextLength, quantModel.Config.ContextLength));
                var progress = new Progress<(int Done, int Total)>(p => context.Error.WriteLine($"[{p.Done}/{p.Total}] chunks compared"));
                var report = QualityComparer.Compare(baseModel, quantModel, tokens, contextLength, Math.Max(1, parseResult.GetValue(threads)),
                                                     progress, cancellationToken);
                if (parseResult.GetValue(json))
                    context.Output.WriteLine(JsonSerializer.Serialize(new
                    {
                        base_perplexity = report.BasePerplexity,
                        quantized_perplexity = report.QuantizedPerplexity,
                        perplexity_ratio = report.PerplexityRatio,
                        mean_kl_divergence = report.MeanKlDivergence,
                        p99_kl_divergence = report.P99KlDivergence,
                        top_token_agreement = report.TopTokenAgreement,
                        scored_tokens = report.ScoredTokens,
                        chunks = report.Chunks,
                    }));
                else
                {
                    context.Output.WriteLine($"perplexity   original {report.BasePerplexity:F4}   quantized {report.QuantizedPerplexity:F4}   ratio {report.PerplexityRatio:F4}");
                    context.Output.WriteLine($"KL divergence   mean {report.MeanKlDivergence:F6}   p99 {report.P99KlDivergence:F6} nats");
                    context.Output.WriteLine($"same top token  {report.TopTokenAgreement * 100:F2}% of {report.ScoredTokens} positions ({report.Chunks} chunks of {contextLength})");
                }
                return Task.FromResult(0);
            }
            catch (Exception e) when (ModelArguments.IsInputError(e))
            {
                return Task.FromResult(context.Fail(e.Message));
            }
        });
        return command;
    }
}
