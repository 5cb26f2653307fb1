using FastChat.Engine.Tokenization;

namespace FastChat.Engine.Constraints;

/// <summary>
/// Restricts which tokens one sequence may sample next (structured output such as JSON mode). Applied by
/// <see cref="Generation.SequenceDecoder"/> to the raw logits before sampling; one instance per sequence.
/// </summary>
public interface ILogitsConstraint
{
    /// <summary>Sets the logit of every token that may not come next to -infinity; leaves at least one finite.</summary>
    void Mask(Span<float> logits);

    /// <summary>Advances the constraint's state past the token that was sampled.</summary>
    void Accept(int token);

    /// <summary>True when the constrained output is complete: the sequence should stop now.</summary>
    bool IsComplete { get; }
}

/// <summary>
/// Makes a fresh <see cref="ILogitsConstraint"/> per sequence. <see cref="Generation.GenerationOptions"/> holds a
/// factory, not a constraint, because one options object may drive several sequences (n &gt; 1) and each needs
/// its own state.
/// </summary>
public interface ILogitsConstraintFactory
{
    /// <summary>A constraint in its start state for a sequence decoded with <paramref name="tokenizer"/>.</summary>
    ILogitsConstraint Create(Tokenizer tokenizer);
}
