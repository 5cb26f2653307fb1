using System.CommandLine;
using System.Text;
using System.Text.Json;
using FastChat.Engine.Generation;

namespace FastChat.Cli.Commands;

/// <summary>`fastchat perplexity -m FILE -f TEXTFILE [--chunk N]`: llama.cpp-style perplexity of a model on a text.</summary>
public static class PerplexityCommand
{
    public static Command Create(CliContext context)
    {
        var model = new ModelArguments();
        var file = new Option<FileInfo>("--file", "-f") { Description = "UTF-8 text to score", Required = true };
        var chunk = new Option<int>("--chunk") { Description = "Tokens per evaluated chunk (capped at the context)", DefaultValueFactory = _ => 512 };
        var batch = new Option<int>("--batch-size", "-b") { Description = "Tokens per forward pass", DefaultValueFactory = _ => 512 };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("perplexity", "Measure a model's perplexity on a text file") { file, chunk, batch, json };
        model.AddTo(command);
        command.SetAction((parseResult, cancellationToken) =>
        {
            try
            {
                var textFile = parseResult.GetRequiredValue(file);
                if (!textFile.Exists) return Task.FromResult(context.Fail($"{textFile.FullName} does not exist"));
                using var llm = model.Load(parseResult);
                var tokens = llm.Tokenizer.Encode(File.ReadAllText(textFile.FullName, Encoding.UTF8));
                var contextLength = Math.Min(parseResult.GetValue(chunk), llm.Config.ContextLength);
                using var workspace = llm.CreateWorkspace(parseResult.GetValue(model.Threads));
                var result = Perplexity.Compute(llm, workspace, tokens, contextLength, parseResult.GetValue(batch),
                    onChunk: (done, all, running) => context.Error.WriteLine($"[{done}/{all}] running perplexity {running:F4}"),
                    cancellationToken: cancellationToken);
                if (parseResult.GetValue(json))
                    context.Output.WriteLine(JsonSerializer.Serialize(new
                    {
                        perplexity = result.Perplexity,
                        standard_error = result.StandardError,
                        mean_nll = result.MeanNll,
                        scored_tokens = result.ScoredTokens,
                        chunks = result.Chunks,
                        chunk_tokens = contextLength,
                    }));
                else
                    context.Output.WriteLine($"PPL = {result.Perplexity:F4} +/- {result.StandardError:F4} " +
                                             $"({result.ScoredTokens} tokens scored in {result.Chunks} chunks of {contextLength})");
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
