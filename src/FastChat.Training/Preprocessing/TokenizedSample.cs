namespace FastChat.Training.Preprocessing;

/// <summary>
/// One conversation ready for supervised fine-tuning: <see cref="InputIds"/> padded or truncated to the model's maximum
/// length, <see cref="Labels"/> equal to the ids on assistant tokens and <see cref="SupervisedPreprocessor.IgnoreIndex"/>
/// elsewhere, and the attention mask (true on real tokens).
/// </summary>
/// <param name="Prompt">The rendered conversation (template applied) the ids encode.</param>
/// <param name="Masked">True when the whole sample was masked (tokenization mismatch or unalignable template).</param>
public sealed record TokenizedSample(int[] InputIds, int[] Labels, bool[] AttentionMask, string Prompt, bool Masked)
{
    /// <summary>Number of real (non-padding) tokens.</summary>
    public int Length => AttentionMask.Count(m => m);

    /// <summary>Number of tokens the loss is computed on.</summary>
    public int TrainedTokens => Labels.Count(l => l != SupervisedPreprocessor.IgnoreIndex);
}
