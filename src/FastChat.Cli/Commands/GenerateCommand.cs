using System.CommandLine;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using FastChat.Engine.Generation;
using FastChat.Engine.Sampling;

namespace FastChat.Cli.Commands;

/// <summary>
/// `fastchat generate -m FILE -p TEXT -n N [--temp ...] [--seed ...] [--top-logprobs K] [--json]`: continues a
/// prompt, streaming the text (or printing one JSON document with ids, text and per-step logprobs).
/// </summary>
public static class GenerateCommand
{
    public static Command Create(CliContext context)
    {
        var model = new ModelArguments();
        var prompt = new Option<string>("--prompt", "-p") { Description = "Prompt text", Required = true };
        var tokens = new Option<int>("--n-predict", "-n") { Description = "Tokens to generate", DefaultValueFactory = _ => 128 };
        var sampling = new SamplingArguments();
        var stop = new Option<string[]>("--stop") { Description = "Stop string (repeatable)", AllowMultipleArgumentsPerToken = false };
        var noBos = new Option<bool>("--no-bos") { Description = "Do not add BOS to the prompt" };
        var ignoreEos = new Option<bool>("--ignore-eos") { Description = "Keep generating after end-of-sequence" };
        var json = new Option<bool>("--json") { Description = "Print one JSON document: prompt_ids, ids, text, steps (with --top-logprobs), usage" };
        var command = new Command("generate", "Continue a prompt with a model") { prompt, tokens, stop, noBos, ignoreEos, json };
        model.AddTo(command);
        sampling.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                using var llm = model.Load(parseResult);
                var options = new GenerationOptions
                {
                    MaxTokens = parseResult.GetValue(tokens),
                    Sampling = sampling.Read(parseResult),
                    StopSequences = parseResult.GetValue(stop) ?? [],
                    IgnoreEos = parseResult.GetValue(ignoreEos),
                };
                var promptIds = llm.Tokenizer.Encode(parseResult.GetRequiredValue(prompt), addSpecialTokens: !parseResult.GetValue(noBos));
                using var generator = new TextGenerator(llm, parseResult.GetValue(model.Threads));
                var run = new GenerationRun(llm.Tokenizer, promptIds);
                var stream = generator.GenerateAsync(promptIds, options, cancellationToken);
                var asJson = parseResult.GetValue(json);
                await foreach (var chunk in stream)
                {
                    run.Add(chunk);
                    if (!asJson)
                    {
                        context.Output.Write(chunk.Text);
                        context.Output.Flush();
                    }
                }
                if (asJson) context.Output.WriteLine(run.ToJson());
                else
                {
                    context.Output.WriteLine();
                    context.Error.WriteLine(run.Summary());
                }
                return 0;
            }
            catch (Exception e) when (ModelArguments.IsInputError(e))
            {
                return context.Fail(e.Message);
            }
        });
        return command;
    }

    /// <summary>Collects a generation's chunks for the JSON document and the timing line.</summary>
    private sealed class GenerationRun(Engine.Tokenization.Tokenizer tokenizer, int[] promptIds)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly List<GenerationChunk> _chunks = [];
        private readonly StringBuilder _text = new();
        private TimeSpan _firstToken;

        public void Add(GenerationChunk chunk)
        {
            if (_chunks.Count == 0) _firstToken = _clock.Elapsed;
            _chunks.Add(chunk);
            _text.Append(chunk.Text);
        }

        private GenerationChunk? Final => _chunks.Count > 0 ? _chunks[^1] : null;

        public string Summary()
        {
            var decoded = Math.Max(0, _chunks.Count - 1);
            var decodeSeconds = (_clock.Elapsed - _firstToken).TotalSeconds;
            return $"prompt {promptIds.Length} tokens in {_firstToken.TotalMilliseconds:F1} ms " +
                   $"({promptIds.Length / Math.Max(1e-9, _firstToken.TotalSeconds):F1} t/s); " +
                   $"generated {_chunks.Count(c => c.TokenId >= 0)} tokens, decode {decoded / Math.Max(1e-9, decodeSeconds):F1} t/s; " +
                   $"finish: {Final?.FinishReason?.ToString().ToLowerInvariant() ?? "none"}";
        }

        public string ToJson() => JsonSerializer.Serialize(new
        {
            prompt_ids = promptIds,
            ids = _chunks.Where(c => c.TokenId >= 0).Select(c => c.TokenId),
            text = _text.ToString(),
            finish_reason = Final?.FinishReason?.ToString().ToLowerInvariant(),
            stop = Final?.StopSequence,
            usage = Final?.Usage is { } u ? new { prompt_tokens = u.PromptTokens, completion_tokens = u.CompletionTokens } : null,
            steps = _chunks.Where(c => c.TokenId >= 0).Select(c => new
            {
                token = c.TokenId,
                piece = tokenizer.Vocabulary.GetToken(c.TokenId),
                logprob = c.Logprob,
                top_logprobs = c.TopLogprobs?.Select(t => new { token = t.Token, logprob = t.Logprob }),
            }),
        });
    }
}
