using System.CommandLine;
using FastChat.Engine.Sampling;

namespace FastChat.Cli.Commands;

/// <summary>Sampling options with llama.cpp's names and defaults (temperature 0.8, top-k 40, top-p 0.95, min-p 0.05).</summary>
internal sealed class SamplingArguments
{
    private readonly Option<float> _temperature = new("--temp") { Description = "Temperature (0 = greedy)", DefaultValueFactory = _ => 0.8f };
    private readonly Option<int> _topK = new("--top-k") { Description = "Top-k (0 = off)", DefaultValueFactory = _ => 40 };
    private readonly Option<float> _topP = new("--top-p") { Description = "Top-p (1 = off)", DefaultValueFactory = _ => 0.95f };
    private readonly Option<float> _minP = new("--min-p") { Description = "Min-p (0 = off)", DefaultValueFactory = _ => 0.05f };
    private readonly Option<float> _repeatPenalty = new("--repeat-penalty") { Description = "Repetition penalty (1 = off)", DefaultValueFactory = _ => 1f };
    private readonly Option<float> _presencePenalty = new("--presence-penalty") { Description = "Presence penalty" };
    private readonly Option<float> _frequencyPenalty = new("--frequency-penalty") { Description = "Frequency penalty" };
    private readonly Option<ulong?> _seed = new("--seed", "-s") { Description = "Random seed (same seed, same output)" };
    private readonly Option<int> _topLogprobs = new("--top-logprobs") { Description = "Record the K most likely tokens per step (JSON output)" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _temperature, _topK, _topP, _minP, _repeatPenalty, _presencePenalty, _frequencyPenalty, _seed, _topLogprobs })
            command.Options.Add(option);
    }

    public SamplingOptions Read(ParseResult parseResult) => new()
    {
        Temperature = parseResult.GetValue(_temperature),
        TopK = parseResult.GetValue(_topK),
        TopP = parseResult.GetValue(_topP),
        MinP = parseResult.GetValue(_minP),
        RepetitionPenalty = parseResult.GetValue(_repeatPenalty),
        PresencePenalty = parseResult.GetValue(_presencePenalty),
        FrequencyPenalty = parseResult.GetValue(_frequencyPenalty),
        Seed = parseResult.GetValue(_seed),
        TopLogprobs = parseResult.GetValue(_topLogprobs),
    };
}
