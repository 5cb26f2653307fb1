using System.Runtime.CompilerServices;
using System.Text;
using FastChat.Conversation;
using FastChat.Engine.Constraints;
using FastChat.Engine.Generation;
using FastChat.Engine.Sampling;
using FastChat.Engine.Scheduling;
using FastChat.Engine.Tokenization;
using FastChat.Serving.OpenAi;

namespace FastChat.Serving.Backends;

/// <summary>A model generating in this process through the engine's <see cref="IGenerationService"/>.</summary>
public sealed class LocalModelBackend(IGenerationService service, string modelName, ChatPromptRenderer renderer) : IModelBackend
{
    private Tokenizer Tokenizer => service.Model.Tokenizer;

    public string ModelName => modelName;

    public IGenerationService Service => service;

    public ChatPromptRenderer Renderer => renderer;

    public int ContextLength => service.Model.Config.ContextLength;

    public Task<ChatPrompt> RenderChatAsync(IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken) =>
        Task.FromResult(renderer.Render(messages));

    /// <summary>Tokens of <paramref name="text"/> as a prompt (BOS included when the vocabulary adds one).</summary>
    public int CountTokens(string text) => Tokenizer.EncodeTemplatedPrompt(text).Length;

    public async IAsyncEnumerable<TextDelta> GenerateAsync(TextGenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var promptIds = Tokenizer.EncodeTemplatedPrompt(request.Prompt); // as llama.cpp's server: specials parsed, BOS once
        var options = ToOptions(request);
        options.Validate(Tokenizer.VocabularySize); // parameter errors before context errors
        CheckContext(promptIds.Length, request.MaxNewTokens);
        var first = true;
        await foreach (var chunk in service.GenerateAsync(promptIds, options, cancellationToken).ConfigureAwait(false))
        {
            var text = first && request.Echo ? request.Prompt + chunk.Text : chunk.Text;
            first = false;
            if (chunk.FinishReason == Engine.Generation.FinishReason.Cancelled)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw new OperationCanceledException("The generation was cancelled.");
            }
            var tokens = chunk.TokenId >= 0 && (chunk.IsFinal is false || !IsEndToken(chunk.TokenId))
                ? new[] { ToTokenInfo(chunk, request.Logprobs is not null) }
                : [];
            yield return new TextDelta(text, tokens, FinishReasonName(chunk.FinishReason),
                                       chunk.Usage is { } u ? new UsageInfo(u.PromptTokens, u.CompletionTokens) : null);
        }
    }

    public Task<EmbeddingResult> EmbedAsync(IReadOnlyList<string> inputs, CancellationToken cancellationToken) =>
        EmbedAllAsync(inputs, cancellationToken);

    private async Task<EmbeddingResult> EmbedAllAsync(IReadOnlyList<string> inputs, CancellationToken cancellationToken)
    {
        var embeddings = new float[inputs.Count][];
        var tokens = 0;
        for (var i = 0; i < inputs.Count; i++)
        {
            var ids = Tokenizer.Encode(inputs[i]);
            if (ids.Length > ContextLength)
                throw ApiException.ContextOverflow($"Input {i} has {ids.Length} tokens; this model's maximum context length is {ContextLength}.");
            tokens += ids.Length;
            embeddings[i] = await service.EmbedAsync(ids, cancellationToken).ConfigureAwait(false);
        }
        return new EmbeddingResult(embeddings, tokens);
    }

    private void CheckContext(int promptTokens, int? maxNewTokens)
    {
        var wanted = promptTokens + (maxNewTokens ?? 1);
        if (promptTokens >= ContextLength || wanted > ContextLength)
            throw ApiException.ContextOverflow(
                $"This model's maximum context length is {ContextLength} tokens. However, you requested {wanted} tokens " +
                $"({promptTokens} in the prompt, {maxNewTokens ?? 1} for the completion). Please reduce the prompt or max_tokens.");
    }

    private static GenerationOptions ToOptions(TextGenerationRequest r) => new()
    {
        MaxTokens = r.MaxNewTokens,
        StopSequences = r.Stop,
        StopTokens = r.StopTokenIds,
        IgnoreEos = r.IgnoreEos,
        Constraint = r.JsonObject ? JsonObjectConstraint.Instance : null,
        Sampling = new SamplingOptions
        {
            Temperature = r.Temperature,
            TopP = r.TopP,
            TopK = r.TopK,
            MinP = r.MinP,
            PresencePenalty = r.PresencePenalty,
            FrequencyPenalty = r.FrequencyPenalty,
            RepetitionPenalty = r.RepetitionPenalty,
            Seed = r.Seed,
            LogitBias = r.LogitBias,
            TopLogprobs = r.Logprobs ?? 0,
        },
    };

    // The end-of-sequence token that stopped a sequence is not part of the completion OpenAI reports.
    private bool IsEndToken(int token) => token == Tokenizer.SpecialTokens.Eos || token == Tokenizer.SpecialTokens.EndOfTurn;

    private TokenInfo ToTokenInfo(GenerationChunk chunk, bool withLogprobs) => new(
        TokenText(chunk.TokenId),
        chunk.Logprob,
        withLogprobs ? chunk.TopLogprobs?.Select(t => new TopToken(TokenText(t.Token), t.Logprob)).ToArray() ?? [] : null);

    private string TokenText(int id) => Encoding.UTF8.GetString(Tokenizer.GetPiece(id));

    private static string? FinishReasonName(Engine.Generation.FinishReason? reason) => reason switch
    {
        Engine.Generation.FinishReason.Stop => "stop",
        Engine.Generation.FinishReason.Length => "length",
        _ => null,
    };
}
