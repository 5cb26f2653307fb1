using FastChat.Engine.Generation;
using FastChat.Engine.Models;
using FastChat.Engine.Sampling;
using FastChat.Training.Export;
using FastChat.Training.Modeling;

namespace FastChat.Training.Tests;

public sealed class TrainingTests
{
    private static readonly TrainingOptions Full = new() { MaxSteps = 30, BatchSize = 4, LearningRate = 3e-3, WarmupRatio = 0.1, Seed = 7 };

    [Fact]
    public void LossDecreasesWhenFineTuningStories260K()
    {
        using var model = GgufWeightLoader.Load(ModelFixture.Stories);
        var dataset = ModelFixture.SmallDataset();
        Assert.All(Enumerable.Range(0, 16), i => Assert.True(dataset.Sample(i).TrainedTokens > 0 && !dataset.Sample(i).Masked));
        var trainer = new SupervisedTrainer(model, dataset, Full);
        var history = trainer.Train();
        Assert.Equal(30, history.Count);
        var first = history.Take(5).Average(s => s.Loss);
        var last = history.TakeLast(5).Average(s => s.Loss);
        Assert.True(last < 0.7 * first, $"loss {first:F3} -> {last:F3}");
        Assert.All(history, s => Assert.True(s.TokensPerSecond > 0 && double.IsFinite(s.Loss)));
        Assert.Equal(0, history[0].LearningRate); // warm-up starts at 0
    }

    [Fact]
    public void ResumingFromACheckpointGivesTheSameLossCurve()
    {
        var options = Full with { MaxSteps = 10, GradientAccumulationSteps = 2, BatchSize = 2, Lora = new LoraOptions { Rank = 4, Dropout = 0.1f, TargetModules = ["attn_q", "attn_v", "ffn_gate"] } };
        var dataset = ModelFixture.SmallDataset();
        using var straight = GgufWeightLoader.Load(ModelFixture.Stories);
        var expected = new SupervisedTrainer(straight, dataset, options).Train().Select(s => s.Loss).ToList();

        var directory = Path.Combine(Path.GetTempPath(), "fastchat-resume-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var first = GgufWeightLoader.Load(ModelFixture.Stories))
            {
                var trainer = new SupervisedTrainer(first, dataset, options);
                trainer.Train(stopAfter: 4);
                trainer.SaveCheckpoint(directory);
            }
            using var second = GgufWeightLoader.Load(ModelFixture.Stories);
            var resumed = new SupervisedTrainer(second, dataset, options);
            resumed.ResumeFrom(directory);
            Assert.Equal(4, resumed.Step);
            var actual = resumed.Train().Select(s => s.Loss).ToList();
            Assert.Equal(expected.Count, actual.Count);
            for (var i = 0; i < expected.Count; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5, $"step {i + 1}: {expected[i]} vs {actual[i]}");
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task ExportedLoraModelGivesTheEngineTheSameGreedyOutput()
    {
        using var model = GgufWeightLoader.Load(ModelFixture.Stories);
        var options = Full with { MaxSteps = 20, LearningRate = 1e-2, Lora = new LoraOptions { Rank = 8, Alpha = 16, Dropout = 0.05f, TargetModules = ["attn_q", "attn_k", "attn_v", "attn_output", "ffn_up", "ffn_down"] } };
        new SupervisedTrainer(model, ModelFixture.SmallDataset(), options).Train();
        var path = Path.Combine(Path.GetTempPath(), "fastchat-export-" + Guid.NewGuid().ToString("N") + ".gguf");
        try
        {
            GgufExporter.Export(model, ModelFixture.Stories, path, name: "stories260K-sft-test");
            var prompt = ModelFixture.Tokenizer.Encode("USER: Who are you? ASSISTANT:", addSpecialTokens: true, parseSpecial: true);
            var expected = TorchGreedy.Generate(model, prompt, 40, ModelFixture.Tokenizer.SpecialTokens.Eos);
            using (var original = GgufWeightLoader.Load(ModelFixture.Stories))
                Assert.NotEqual(TorchGreedy.Generate(original, prompt, 40, ModelFixture.Tokenizer.SpecialTokens.Eos), expected); // training changed the model

            using var engineModel = LlamaModel.Load(path);
            using var generator = new TextGenerator(engineModel, threads: 1);
            var actual = new List<int>();
            await foreach (var chunk in generator.GenerateAsync(prompt, new GenerationOptions { MaxTokens = 40, Sampling = new SamplingOptions { Temperature = 0 } }))
                if (chunk.TokenId >= 0) actual.Add(chunk.TokenId);
            Assert.Equal(expected.Where(t => t != ModelFixture.Tokenizer.SpecialTokens.Eos), actual.Where(t => t != ModelFixture.Tokenizer.SpecialTokens.Eos));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
