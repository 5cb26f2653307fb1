namespace FastChat.Training.Optimization;

/// <summary>
/// Hugging Face's cosine schedule with warm-up: the learning rate rises linearly from 0 over <c>warmupSteps</c>, then
/// follows half a cosine down to 0 at <c>totalSteps</c>.
/// </summary>
public sealed record CosineSchedule(double PeakLearningRate, int WarmupSteps, int TotalSteps)
{
    /// <summary>The rate for optimizer step <paramref name="step"/> (0-based).</summary>
    public double At(int step)
    {
        if (step < WarmupSteps) return PeakLearningRate * step / Math.Max(1, WarmupSteps);
        var progress = (double)(step - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps);
        return PeakLearningRate * Math.Max(0, 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }
}
