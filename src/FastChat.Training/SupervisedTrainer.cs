using System.Diagnostics;
using System.Text.Json;
using FastChat.Training.Datasets;
using FastChat.Training.Modeling;
using FastChat.Training.Optimization;
using FastChat.Training.Preprocessing;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastChat.Training;

/// <summary>
/// Supervised fine-tuning on CPU with TorchSharp: AdamW, cosine schedule with warm-up, gradient accumulation, gradient
/// clipping, and checkpoints that resume exactly (model, optimizer moments, step, loss history; the data order and
/// dropout depend only on the seed and the step, never on how many runs it took to get there).
/// </summary>
public sealed class SupervisedTrainer
{
    private const string CheckpointModel = "model.bin";
    private const string CheckpointOptimizer = "optimizer.bin";
    private const string CheckpointState = "trainer_state.json";

    private readonly LlamaForCausalLM _model;
    private readonly utils.data.Dataset _dataset;
    private readonly TrainingOptions _options;
    private readonly AdamW _optimizer;
    private readonly List<Parameter> _trainable;
    private readonly List<StepLog> _history = [];

    /// <summary>Prepares training; adds LoRA adapters to <paramref name="model"/> when the options ask for them.</summary>
    public SupervisedTrainer(LlamaForCausalLM model, utils.data.Dataset dataset, TrainingOptions options)
    {
        _model = model;
        _dataset = dataset;
        _options = options;
        if (dataset.Count == 0) throw new ArgumentException("the dataset is empty", nameof(dataset));
        if (options.Lora is { } lora) model.AddLora(lora, options.Seed);
        _trainable = [.. model.parameters().Where(p => p.requires_grad)];
        _optimizer = optim.AdamW(_trainable, options.LearningRate, weight_decay: options.WeightDecay);
        var stepsPerEpoch = (int)Math.Ceiling(dataset.Count / (double)(options.BatchSize * options.GradientAccumulationSteps));
        TotalSteps = options.MaxSteps > 0 ? options.MaxSteps : Math.Max(1, (int)Math.Ceiling(stepsPerEpoch * options.Epochs));
        Schedule = new CosineSchedule(options.LearningRate, (int)Math.Ceiling(TotalSteps * options.WarmupRatio), TotalSteps);
    }

    /// <summary>Optimizer steps of the whole run.</summary>
    public int TotalSteps { get; }

    /// <summary>The learning-rate schedule.</summary>
    public CosineSchedule Schedule { get; }

    /// <summary>Steps done (including those restored from a checkpoint).</summary>
    public int Step => _history.Count;

    /// <summary>Every step's numbers so far.</summary>
    public IReadOnlyList<StepLog> History => _history;

    /// <summary>Number of trainable scalars (all weights, or only the adapters with LoRA).</summary>
    public long TrainableParameters => _trainable.Sum(p => p.numel());

    /// <summary>Runs until <see cref="TotalSteps"/>, or until <paramref name="stopAfter"/> steps in all (to simulate an interruption).</summary>
    public IReadOnlyList<StepLog> Train(int? stopAfter = null, Action<StepLog>? onStep = null)
    {
        _model.train();
        var end = Math.Min(TotalSteps, stopAfter ?? TotalSteps);
        while (Step < end)
        {
            var log = RunStep(Step);
            _history.Add(log);
            onStep?.Invoke(log);
            if (_options.OutputDirectory is { } dir && _options.SaveSteps > 0 && Step % _options.SaveSteps == 0) SaveCheckpoint(dir);
        }
        if (_options.OutputDirectory is { } output && _options.SaveSteps == 0) SaveCheckpoint(output);
        _model.eval();
        return _history;
    }

    private StepLog RunStep(int step)
    {
        var clock = Stopwatch.StartNew();
        var learningRate = Schedule.At(step);
        foreach (var group in _optimizer.ParamGroups) group.LearningRate = learningRate;
        random.manual_seed(_options.Seed * 1_000_003L + step); // dropout depends on the step only
        _optimizer.zero_grad();
        double lossSum = 0;
        long tokens = 0;
        var micro = _options.GradientAccumulationSteps;
        for (var m = 0; m < micro; m++)
        {
            using var scope = NewDisposeScope();
            var (ids, labels, realTokens) = Batch((long)(step * micro + m) * _options.BatchSize);
            var logits = _model.forward(ids);                                                       // [B, T, V]
            var vocab = logits.shape[2];
            var loss = nn.functional.cross_entropy(
                logits[.., ..^1, ..].reshape(-1, vocab), labels[.., 1..].reshape(-1),              // position t predicts token t+1
                ignore_index: SupervisedPreprocessor.IgnoreIndex);
            var value = loss.item<float>();
            if (!float.IsNaN(value)) (loss / micro).backward();                                     // a batch with no trained token has NaN loss: skip it
            lossSum += float.IsNaN(value) ? 0 : value;
            tokens += realTokens;
        }
        var norm = _options.MaxGradNorm > 0
            ? nn.utils.clip_grad_norm_(_trainable, _options.MaxGradNorm)
            : Math.Sqrt(_trainable.Where(p => p.grad is not null).Sum(p => p.grad!.pow(2).sum().item<float>()));
        _optimizer.step();
        return new StepLog(step + 1, lossSum / micro, learningRate, norm, tokens / Math.Max(1e-9, clock.Elapsed.TotalSeconds));
    }

    /// <summary>The batch starting at global sample position <paramref name="position"/>, trimmed to its longest sample.</summary>
    private (Tensor Ids, Tensor Labels, long RealTokens) Batch(long position)
    {
        var items = new List<Dictionary<string, Tensor>>();
        for (var i = 0; i < _options.BatchSize; i++) items.Add(_dataset.GetTensor(SampleAt(position + i)));
        var length = items.Max(item => item["attention_mask"].sum().item<long>());
        var real = items.Sum(item => item["attention_mask"].sum().item<long>());
        var ids = stack(items.Select(item => item["input_ids"][..(int)length]).ToArray());         // [B, T]
        var labels = stack(items.Select(item => item["labels"][..(int)length]).ToArray());         // [B, T]
        foreach (var item in items) foreach (var t in item.Values) t.Dispose();
        return (ids, labels, real);
    }

    /// <summary>Epoch e visits the samples in a permutation seeded by (seed, e).</summary>
    private long SampleAt(long position)
    {
        var count = _dataset.Count;
        var epoch = (int)(position / count);
        if (_epochOrder is null || _epochOrderEpoch != epoch)
        {
            _epochOrder = [.. Enumerable.Range(0, (int)count)];
            FastChat.Data.Steps.SeededShuffle.Shuffle(_epochOrder, unchecked(_options.Seed * 7919 + epoch));
            _epochOrderEpoch = epoch;
        }
        return _epochOrder[(int)(position % count)];
    }

    private int[]? _epochOrder;
    private int _epochOrderEpoch = -1;

    /// <summary>Writes model weights, optimizer state and the step history to <paramref name="directory"/>.</summary>
    public void SaveCheckpoint(string directory)
    {
        Directory.CreateDirectory(directory);
        _model.save(Path.Combine(directory, CheckpointModel));
        _optimizer.save_state_dict(Path.Combine(directory, CheckpointOptimizer));
        File.WriteAllText(Path.Combine(directory, CheckpointState), JsonSerializer.Serialize(_history));
    }

    /// <summary>Restores a checkpoint written by <see cref="SaveCheckpoint"/> (same model shape, LoRA settings and data).</summary>
    public void ResumeFrom(string directory)
    {
        _model.load(Path.Combine(directory, CheckpointModel));
        _optimizer.load_state_dict(Path.Combine(directory, CheckpointOptimizer));
        _history.Clear();
        _history.AddRange(JsonSerializer.Deserialize<List<StepLog>>(File.ReadAllText(Path.Combine(directory, CheckpointState)))!);
    }
}
