using FastChat.Training.Modeling;

namespace FastChat.Training;

/// <summary>Settings of <see cref="SupervisedTrainer"/> (the names follow Hugging Face's TrainingArguments).</summary>
public sealed record TrainingOptions
{
    /// <summary>Passes over the data (ignored when <see cref="MaxSteps"/> is set).</summary>
    public double Epochs { get; init; } = 3;
    /// <summary>Optimizer steps to run; 0 derives them from <see cref="Epochs"/>.</summary>
    public int MaxSteps { get; init; }
    /// <summary>Samples per forward pass.</summary>
    public int BatchSize { get; init; } = 2;
    /// <summary>Forward passes accumulated into one optimizer step.</summary>
    public int GradientAccumulationSteps { get; init; } = 1;
    /// <summary>Peak learning rate (AdamW).</summary>
    public double LearningRate { get; init; } = 2e-5;
    /// <summary>AdamW's decoupled weight decay.</summary>
    public double WeightDecay { get; init; }
    /// <summary>Fraction of the steps spent warming up.</summary>
    public double WarmupRatio { get; init; } = 0.03;
    /// <summary>Gradients are clipped to this global L2 norm (0 disables).</summary>
    public double MaxGradNorm { get; init; } = 1.0;
    /// <summary>Seeds the data order, LoRA initialisation and dropout.</summary>
    public int Seed { get; init; } = 42;
    /// <summary>Where checkpoints go (null: none).</summary>
    public string? OutputDirectory { get; init; }
    /// <summary>Save a checkpoint every this many optimizer steps (0: only at the end).</summary>
    public int SaveSteps { get; init; }
    /// <summary>LoRA adapters instead of full fine-tuning (null: full).</summary>
    public LoraOptions? Lora { get; init; }
}

/// <summary>One optimizer step's numbers.</summary>
/// <param name="Step">1-based optimizer step.</param>
/// <param name="Loss">Mean cross-entropy over the step's trained tokens.</param>
/// <param name="LearningRate">The rate used.</param>
/// <param name="GradNorm">Global gradient norm before clipping.</param>
/// <param name="TokensPerSecond">Real (non-padding) tokens processed per second in this step.</param>
public sealed record StepLog(int Step, double Loss, double LearningRate, double GradNorm, double TokensPerSecond);
