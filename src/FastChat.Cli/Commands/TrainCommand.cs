using System.CommandLine;
using FastChat.Conversation;
using FastChat.Data;
using FastChat.Data.IO;
using FastChat.Data.Steps;
using FastChat.Engine.Tokenization;
using FastChat.Training;
using FastChat.Training.Datasets;
using FastChat.Training.Export;
using FastChat.Training.Modeling;
using FastChat.Training.Preprocessing;

namespace FastChat.Cli.Commands;

/// <summary>
/// `fastchat train sft -m BASE.gguf -d DATA.json -o OUT.gguf [...]`: supervised fine-tuning with TorchSharp on CPU (full or
/// LoRA), progress with loss and tokens/s on stderr, checkpoints that resume, and the result exported as GGUF.
/// </summary>
public static class TrainCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("train", "Train chat models");
        command.Subcommands.Add(Sft(context));
        return command;
    }

    private static Command Sft(CliContext context)
    {
        var model = new Option<FileInfo>("--model", "-m") { Description = "Base model (GGUF, F32 or F16 weights)", Required = true };
        var data = new Option<FileInfo>("--data", "-d") { Description = "ShareGPT conversations (.json or .jsonl)", Required = true };
        var output = new Option<FileInfo>("--out", "-o") { Description = "Trained model (GGUF, F32, LoRA merged)", Required = true };
        var template = new Option<string>("--template") { DefaultValueFactory = _ => "vicuna_v1.1", Description = "Conversation template" };
        var maxLength = new Option<int>("--model-max-length") { DefaultValueFactory = _ => 512 };
        var epochs = new Option<double>("--epochs") { DefaultValueFactory = _ => 3 };
        var maxSteps = new Option<int>("--max-steps") { DefaultValueFactory = _ => 0, Description = "Optimizer steps (overrides --epochs)" };
        var batch = new Option<int>("--batch-size") { DefaultValueFactory = _ => 4 };
        var accumulation = new Option<int>("--gradient-accumulation-steps") { DefaultValueFactory = _ => 1 };
        var learningRate = new Option<double>("--learning-rate", "--lr") { DefaultValueFactory = _ => 2e-5 };
        var weightDecay = new Option<double>("--weight-decay") { DefaultValueFactory = _ => 0 };
        var warmup = new Option<double>("--warmup-ratio") { DefaultValueFactory = _ => 0.03 };
        var clip = new Option<double>("--max-grad-norm") { DefaultValueFactory = _ => 1.0 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 42 };
        var checkpoints = new Option<DirectoryInfo?>("--checkpoint-dir") { Description = "Save checkpoints here" };
        var saveSteps = new Option<int>("--save-steps") { DefaultValueFactory = _ => 0 };
        var resume = new Option<bool>("--resume") { Description = "Continue from --checkpoint-dir" };
        var lora = new Option<int>("--lora-r") { DefaultValueFactory = _ => 0, Description = "LoRA rank (0: full fine-tuning)" };
        var loraAlpha = new Option<float>("--lora-alpha") { DefaultValueFactory = _ => 16 };
        var loraDropout = new Option<float>("--lora-dropout") { DefaultValueFactory = _ => 0.05f };
        var loraTargets = new Option<string[]>("--lora-target") { AllowMultipleArgumentsPerToken = true, Description = "attn_q attn_k attn_v attn_output ffn_gate ffn_up ffn_down" };
        var name = new Option<string?>("--name") { Description = "general.name of the exported model" };
        var command = new Command("sft", "Supervised fine-tuning (FastChat's train.py) with TorchSharp on CPU")
        {
            model, data, output, template, maxLength, epochs, maxSteps, batch, accumulation, learningRate, weightDecay, warmup, clip, seed,
            checkpoints, saveSteps, resume, lora, loraAlpha, loraDropout, loraTargets, name,
        };
        command.SetAction(parse => DataCommand.Guard(context, () =>
        {
            var basePath = parse.GetRequiredValue(model).FullName;
            var tokenizer = TokenizerFactory.Create(basePath);
            if (!ConversationTemplates.TryGet(parse.GetRequiredValue(template), out var conversationTemplate))
                return context.Fail($"unknown template '{parse.GetRequiredValue(template)}'");
            var report = new DataReport();
            var conversations = DatasetReader.Read(parse.GetRequiredValue(data).FullName, report).ToList();
            var warnings = 0;
            var preprocessor = new SupervisedPreprocessor(tokenizer, conversationTemplate, parse.GetValue(maxLength), message =>
            {
                if (warnings++ < 5) context.Error.WriteLine("WARNING: " + message);
            });
            var dataset = new LazySupervisedDataset(conversations, preprocessor);
            var loraOptions = parse.GetValue(lora) > 0
                ? new LoraOptions
                {
                    Rank = parse.GetValue(lora), Alpha = parse.GetValue(loraAlpha), Dropout = parse.GetValue(loraDropout),
                    TargetModules = parse.GetValue(loraTargets) is { Length: > 0 } t ? t : new LoraOptions().TargetModules,
                }
                : null;
            var options = new TrainingOptions
            {
                Epochs = parse.GetValue(epochs), MaxSteps = parse.GetValue(maxSteps), BatchSize = parse.GetValue(batch),
                GradientAccumulationSteps = parse.GetValue(accumulation), LearningRate = parse.GetValue(learningRate),
                WeightDecay = parse.GetValue(weightDecay), WarmupRatio = parse.GetValue(warmup), MaxGradNorm = parse.GetValue(clip),
                Seed = parse.GetValue(seed), OutputDirectory = parse.GetValue(checkpoints)?.FullName, SaveSteps = parse.GetValue(saveSteps), Lora = loraOptions,
            };
            using var llama = GgufWeightLoader.Load(basePath);
            var trainer = new SupervisedTrainer(llama, dataset, options);
            if (parse.GetValue(resume) && options.OutputDirectory is { } dir) trainer.ResumeFrom(dir);
            context.Error.WriteLine($"{conversations.Count} conversations, {trainer.TotalSteps} steps, {trainer.TrainableParameters:N0} trainable parameters");
            using (var progress = new ProgressBar(context.Error, "sft", trainer.TotalSteps))
                trainer.Train(onStep: step =>
                {
                    progress.Suffix = $"step {step.Step} loss {step.Loss:F4} lr {step.LearningRate:G3} {step.TokensPerSecond:F0} tok/s";
                    progress.Report(step.Step);
                });
            foreach (var step in trainer.History.Where(s => s.Step == 1 || s.Step % Math.Max(1, trainer.TotalSteps / 10) == 0 || s.Step == trainer.TotalSteps))
                context.Output.WriteLine($"step {step.Step,6}  loss {step.Loss:F4}  lr {step.LearningRate:G4}  grad-norm {step.GradNorm:F3}  {step.TokensPerSecond:F0} tok/s");
            if (warnings > 0) context.Error.WriteLine($"{warnings} sample(s) masked for tokenization mismatch");
            GgufExporter.Export(llama, basePath, parse.GetRequiredValue(output).FullName, parse.GetValue(name));
            context.Output.WriteLine($"wrote {parse.GetRequiredValue(output).FullName}");
            return 0;
        }));
        return command;
    }
}
