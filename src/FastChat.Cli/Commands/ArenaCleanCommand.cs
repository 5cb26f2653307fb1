using System.CommandLine;
using FastChat.Arena;
using FastChat.Arena.Battles;

namespace FastChat.Cli.Commands;

/// <summary>`fastchat arena clean LOG... -o OUT.jsonl`: conversation logs to cleaned battles, with what was dropped and why.</summary>
public static class ArenaCleanCommand
{
    public static Command Create(CliContext context)
    {
        var logs = new Argument<FileInfo[]>("logs") { Description = "FastChat conversation log files (JSON lines)", Arity = ArgumentArity.OneOrMore };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Cleaned battles (JSON lines)", Required = true };
        var exclude = new Option<string[]>("--exclude-model") { Description = "Drop battles with this model (repeatable)", AllowMultipleArgumentsPerToken = true };
        var banIps = new Option<FileInfo?>("--ban-ip-file") { Description = "JSON array of IPs whose votes are dropped" };
        var sanitize = new Option<bool>("--sanitize-ip") { Description = "Replace IPs by arena_user_N in judge" };
        var anonymous = new Option<bool>("--anony-only") { Description = "Keep only anonymous battles (FastChat's conv_release mode)" };
        var command = new Command("clean", "Turn arena conversation logs into cleaned battles (FastChat's clean_battle_data)")
            { logs, output, exclude, banIps, sanitize, anonymous };
        command.SetAction(parseResult =>
        {
            var files = parseResult.GetRequiredValue(logs);
            if (files.FirstOrDefault(f => !f.Exists) is { } missing) return context.Fail($"{missing.FullName} does not exist");
            try
            {
                var banned = parseResult.GetValue(banIps) is { } banFile
                    ? System.Text.Json.JsonSerializer.Deserialize<string[]>(File.ReadAllText(banFile.FullName)) ?? []
                    : [];
                var result = BattleLogCleaner.CleanFiles(files.Select(f => f.FullName), new CleanOptions
                {
                    ExcludeModels = (parseResult.GetValue(exclude) ?? []).ToHashSet(),
                    BannedIps = banned.ToHashSet(),
                    SanitizeIp = parseResult.GetValue(sanitize),
                    AnonymousOnly = parseResult.GetValue(anonymous),
                });
                var path = parseResult.GetRequiredValue(output).FullName;
                BattleWriter.WriteJsonLines(path, result.Battles);
                var report = result.Report;
                context.Output.WriteLine($"votes: {report.Votes} (non-vote records skipped: {report.NonVoteRecords})");
                context.Output.WriteLine($"battles kept: {result.Battles.Count} (anonymous: {report.Anonymous}), dropped: {report.DroppedTotal}");
                foreach (var line in report.DescribeDrops()) context.Output.WriteLine("  " + line);
                var models = result.Battles.SelectMany(b => new[] { b.ModelA, b.ModelB }).Distinct().Count();
                context.Output.WriteLine($"models: {models}; written to {path}");
                return 0;
            }
            catch (Exception e) when (e is ArenaException or IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
            {
                return context.Fail(e.Message);
            }
        });
        return command;
    }
}
