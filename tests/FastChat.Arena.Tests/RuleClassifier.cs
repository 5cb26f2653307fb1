using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using FastChat.Arena.Labeling;

namespace FastChat.Arena.Tests;

/// <summary>
/// A deterministic classifier for labeller tests: "math" when the prompt has a digit. It can fail on chosen prompts
/// (always, or only on the first attempt) and counts every call.
/// </summary>
internal sealed class RuleClassifier : ICategoryClassifier
{
    private readonly ConcurrentDictionary<string, int> _calls = new();

    public IReadOnlyList<string> Tags { get; } = ["math_v0.1"];

    public Func<string, bool> AlwaysFails { get; init; } = _ => false;

    public Func<string, bool> FailsOnce { get; init; } = _ => false;

    public TimeSpan Delay { get; init; } = TimeSpan.Zero;

    public int CallsFor(string prompt) => _calls.GetValueOrDefault(prompt);

    public int TotalCalls => _calls.Values.Sum();

    public async Task<CategoryLabel> ClassifyAsync(string tag, string prompt, CancellationToken cancellationToken)
    {
        var call = _calls.AddOrUpdate(prompt, 1, (_, n) => n + 1);
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay, cancellationToken);
        if (AlwaysFails(prompt) || (FailsOnce(prompt) && call == 1)) throw new HttpRequestException("endpoint unavailable");
        var math = prompt.Any(char.IsAsciiDigit);
        return new CategoryLabel(new JsonObject { ["math"] = math }, true, math ? "<decision>yes</decision>" : "<decision>no</decision>");
    }
}
