namespace FastChat.Engine.Sampling;

/// <summary>
/// What <see cref="StopSequenceMatcher.Append"/> lets through: <see cref="Text"/> is safe to emit now; when
/// <see cref="Stopped"/>, it is the text up to (never including) <see cref="StopSequence"/>, and generation should end.
/// </summary>
public readonly record struct StopMatch(string Text, bool Stopped, string? StopSequence);
