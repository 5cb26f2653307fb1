using FastChat.Engine.Caching;
using FastChat.Engine.Tokenization;

namespace FastChat.Engine.Models;

/// <summary>
/// The seam between scheduling/generation and a model implementation: the CPU forward pass on the native
/// kernels implements it, and another backend (a GPU one, another engine) can plug in behind it. A backend is
/// immutable after load and shared by every runner; per-runner state lives in a <see cref="ForwardWorkspace"/>
/// and per-sequence state in a <see cref="KvCache"/>.
/// </summary>
public interface IInferenceBackend : IDisposable
{
    ModelConfig Config { get; }

    Tokenizer Tokenizer { get; }

    /// <summary>Where the weights came from (a file path), for logs and /v1/models.</summary>
    string Source { get; }

    /// <summary>The model's own Jinja chat template (GGUF tokenizer.chat_template), if it has one.</summary>
    string? ChatTemplate { get; }

    /// <summary>An empty cache for one sequence of at most <see cref="ModelConfig.ContextLength"/> positions.</summary>
    KvCache CreateCache();

    ForwardWorkspace CreateWorkspace(int threads);

    /// <summary>
    /// Runs <paramref name="batch"/> through the model, appending each entry's keys and values to its cache, and
    /// writes <see cref="ModelBatch.LogitRowCount"/> rows of <see cref="ModelConfig.VocabSize"/> logits.
    /// </summary>
    void Forward(ForwardWorkspace workspace, ModelBatch batch, Span<float> logits);

    /// <summary>
    /// A sentence embedding of <paramref name="tokens"/>: the mean of the final-normed hidden states, scaled to
    /// unit length (<see cref="ModelConfig.EmbeddingLength"/> floats). Uses a throw-away cache.
    /// </summary>
    void Embed(ForwardWorkspace workspace, ReadOnlySpan<int> tokens, Span<float> embedding);
}
