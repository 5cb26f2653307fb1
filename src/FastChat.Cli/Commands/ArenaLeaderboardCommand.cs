using System.CommandLine;
using System.Globalization;
using FastChat.Arena;
using FastChat.Arena.Battles;
using FastChat.Arena.Plotting;
using FastChat.Arena.Ratings;
using FastChat.Arena.Reporting;

namespace FastChat.Cli.Commands;

/// <summary>
/// `fastchat arena leaderboard BATTLES [--system bt|elo] [--rounds N] [--seed S] [filters] [--style-control]
/// [--format console|markdown|csv|json] [--win-rates] [--plots DIR]`.
/// </summary>
public static class ArenaLeaderboardCommand
{
    public static Command Create(CliContext context)
    {
        var battles = new Argument<FileInfo>("battles") { Description = "Cleaned battles: JSON array or JSON lines (model_a, model_b, winner, ...)" };
        var system = new Option<string>("--system") { Description = "bt (Bradley-Terry MLE) or elo (online Elo, bootstrap median)", DefaultValueFactory = _ => "bt" };
        system.AcceptOnlyFromAmong("bt", "elo");
        var rounds = new Option<int>("--rounds") { Description = "Bootstrap rounds", DefaultValueFactory = _ => 1000 };
        var seed = new Option<long>("--seed") { Description = "Bootstrap seed", DefaultValueFactory = _ => 42 };
        var threads = new Option<int?>("--threads") { Description = "Bootstrap threads (default: all processors)" };
        var category = new Option<string>("--category") { Description = "full, hard_6, if, math, creative_writing, multiturn, english, chinese or TAG/KEY", DefaultValueFactory = _ => "full" };
        var languages = new Option<string[]>("--lang") { Description = "Keep only these languages", AllowMultipleArgumentsPerToken = true };
        var anony = new Option<bool>("--anony-only") { Description = "Keep only anonymous battles" };
        var since = new Option<string?>("--since") { Description = "Keep battles on or after this date (yyyy-MM-dd, UTC)" };
        var until = new Option<string?>("--until") { Description = "Keep battles before this date (yyyy-MM-dd, UTC)" };
        var exclude = new Option<string[]>("--exclude-model") { Description = "Drop battles with this model", AllowMultipleArgumentsPerToken = true };
        var excludeTies = new Option<bool>("--exclude-tie") { Description = "Drop ties" };
        var style = new Option<bool>("--style-control") { Description = "Control for answer length and markdown (bt only)" };
        var anchor = new Option<string?>("--anchor") { Description = "MODEL=RATING: pin a model's rating (FastChat pins mixtral-8x7b-instruct-v0.1=1114)" };
        var format = new Option<string>("--format") { Description = "console, markdown, csv or json", DefaultValueFactory = _ => "console" };
        format.AcceptOnlyFromAmong("console", "markdown", "csv", "json");
        var winRates = new Option<bool>("--win-rates") { Description = "Also print the predicted win-rate matrix" };
        var plots = new Option<DirectoryInfo?>("--plots") { Description = "Write win_fraction.png, battle_count.png and ratings.png here" };
        var command = new Command("leaderboard", "Rate models from battles: Elo / Bradley-Terry with bootstrap intervals")
            { battles, system, rounds, seed, threads, category, languages, anony, since, until, exclude, excludeTies, style, anchor, format, winRates, plots };
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Run(context, parseResult, cancellationToken)));
        return command;

        int Run(CliContext context, ParseResult parseResult, CancellationToken cancellationToken)
        {
            var file = parseResult.GetRequiredValue(battles);
            if (!file.Exists) return context.Fail($"{file.FullName} does not exist");
            if (parseResult.GetValue(rounds) < 1) return context.Fail("--rounds must be at least 1");
            try
            {
                var filter = new BattleFilter
                {
                    Category = parseResult.GetValue(category)!,
                    Languages = (parseResult.GetValue(languages) ?? []).ToHashSet(),
                    AnonymousOnly = parseResult.GetValue(anony),
                    From = ParseDate(parseResult.GetValue(since)),
                    Until = ParseDate(parseResult.GetValue(until)),
                    ExcludeModels = (parseResult.GetValue(exclude) ?? []).ToHashSet(),
                    ExcludeTies = parseResult.GetValue(excludeTies),
                };
                var kept = filter.Apply(BattleReader.ReadFile(file.FullName));
                var scale = ParseAnchor(parseResult.GetValue(anchor));
                var options = new LeaderboardOptions
                {
                    System = parseResult.GetValue(system) == "elo" ? RatingSystem.Elo : RatingSystem.BradleyTerry,
                    Scale = scale,
                    StyleControl = parseResult.GetValue(style),
                    Bootstrap = new BootstrapOptions { Rounds = parseResult.GetValue(rounds), Seed = parseResult.GetValue(seed), Parallelism = parseResult.GetValue(threads) },
                };
                var board = LeaderboardBuilder.Build(kept, options, cancellationToken);
                var outputFormat = Enum.Parse<LeaderboardFormat>(parseResult.GetValue(format)!, ignoreCase: true);
                context.Output.Write(LeaderboardWriter.Render(board, outputFormat));
                if (parseResult.GetValue(winRates)) context.Output.Write(LeaderboardWriter.Render(PairwiseTables.PredictedWinRate(board, scale), outputFormat));
                if (parseResult.GetValue(plots) is { } directory) WritePlots(context, directory, kept, board);
                return 0;
            }
            catch (Exception e) when (e is ArenaException or IOException or UnauthorizedAccessException or FormatException)
            {
                return context.Fail(e.Message);
            }
        }
    }

    private static void WritePlots(CliContext context, DirectoryInfo directory, List<Battle> battles, Leaderboard board)
    {
        directory.Create();
        var order = board.Rows.Select(r => r.Model).Take(25).ToList();
        var noTies = battles.Where(b => !b.Winner.IsTie()).ToList();
        ArenaPlots.SaveHeatmap(PairwiseTables.WinFraction(noTies, order), Path.Combine(directory.FullName, "win_fraction.png"));
        ArenaPlots.SaveHeatmap(PairwiseTables.BattleCounts(noTies, order), Path.Combine(directory.FullName, "battle_count.png"), "0");
        ArenaPlots.SaveRatings(board, Path.Combine(directory.FullName, "ratings.png"));
        context.Error.WriteLine($"plots written to {directory.FullName}");
    }

    private static DateTimeOffset? ParseDate(string? text) =>
        text is null ? null : DateTimeOffset.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static RatingScale ParseAnchor(string? text)
    {
        if (text is null) return new RatingScale();
        var equals = text.LastIndexOf('=');
        if (equals <= 0 || !double.TryParse(text[(equals + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var rating))
            throw new ArenaException($"--anchor wants MODEL=RATING, got '{text}'");
        return new RatingScale { AnchorModel = text[..equals], AnchorRating = rating };
    }
}
