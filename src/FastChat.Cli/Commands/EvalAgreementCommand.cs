using System.CommandLine;
using System.Globalization;
using FastChat.Evaluation.Agreement;

namespace FastChat.Cli.Commands;

/// <summary>`fastchat eval agreement`: FastChat's compute_agreement, judge vs judge (or human vs human).</summary>
public static class EvalAgreementCommand
{
    public static Command Create(CliContext context)
    {
        var votes = new Option<string[]>("--votes")
        {
            Description = "Vote or pairwise judgment file (JSON array or JSONL); FILE=NAME names its judge (repeatable)",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var judges = new Option<string[]>("--judges") { Description = "The two judges to compare (default: the two judges found; one judge: against itself)", AllowMultipleArgumentsPerToken = true };
        var command = new Command("agreement", "Agreement between two judges per turn, with and without ties") { votes, judges };
        command.SetAction(parseResult =>
        {
            try
            {
                var all = new List<Vote>();
                foreach (var spec in parseResult.GetRequiredValue(votes))
                {
                    var split = spec.LastIndexOf('=');
                    all.AddRange(split > 0 && !File.Exists(spec) ? VoteLoader.Load(spec[..split], spec[(split + 1)..]) : VoteLoader.Load(spec));
                }
                var found = all.Select(v => v.Judge).Distinct().Order(StringComparer.Ordinal).ToList();
                var pair = parseResult.GetValue(judges) is { Length: > 0 } given ? given : [.. found];
                if (pair.Length == 1) pair = [pair[0], pair[0]];
                if (pair.Length != 2)
                    return context.Fail($"name the two judges to compare with --judges (found: {string.Join(", ", found)})");
                context.Output.WriteLine($"judges: {pair[0]} vs {pair[1]}");
                foreach (var r in AgreementCalculator.Compute(all, pair[0], pair[1]))
                {
                    var ratio = double.IsNaN(r.Ratio) ? "n/a" : r.Ratio.ToString("F2", CultureInfo.InvariantCulture);
                    context.Output.WriteLine($"turn {r.Turn} {(r.WithTies ? "with tie" : "without tie")}. #total: {r.Total}, #agree: {r.Agree}, ratio: {ratio}");
                }
                return 0;
            }
            catch (Exception e) when (EvalArguments.IsInputError(e))
            {
                return context.Fail(e.Message);
            }
        });
        return command;
    }
}
