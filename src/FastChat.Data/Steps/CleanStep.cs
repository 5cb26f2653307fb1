using System.Security.Cryptography;
using System.Text;

namespace FastChat.Data.Steps;

/// <summary>Options of <see cref="CleanStep"/>.</summary>
public sealed record CleanOptions
{
    /// <summary>Samples with a turn containing one of these (case-insensitive) are dropped; FastChat's list by default.</summary>
    public IReadOnlyList<string> UnwantedWords { get; init; } = ["openai", "chatgpt"];

    /// <summary>Turns longer than this many characters are dropped as <see cref="DropReasons.HugeMessage"/>.</summary>
    public int MaxMessageChars { get; init; } = 200_000;

    /// <summary>Convert ShareGPT HTML to markdown (off for data that is already plain text or markdown).</summary>
    public bool ConvertHtml { get; init; } = true;

    /// <summary>Drop a sample whose turns equal an earlier sample's.</summary>
    public bool RemoveDuplicates { get; init; } = true;
}

/// <summary>
/// FastChat's clean_sharegpt: drops samples with fewer than two turns, unwanted words, HTML that fails to convert,
/// and (beyond FastChat) huge, empty, mis-ordered and duplicate samples; converts HTML to markdown.
/// </summary>
public sealed class CleanStep(CleanOptions? options = null) : DataStep
{
    private readonly CleanOptions _options = options ?? new CleanOptions();

    /// <inheritdoc />
    public override string Name => "clean";

    /// <inheritdoc />
    public override IEnumerable<ShareGptSample> Apply(IEnumerable<ShareGptSample> input, DataReport report)
    {
        var seen = new HashSet<UInt128>();
        foreach (var sample in input)
        {
            var cleaned = Clean(sample, out var reason, out var detail);
            if (cleaned is not null && _options.RemoveDuplicates && !seen.Add(Fingerprint(cleaned)))
                (cleaned, reason, detail) = (null, DropReasons.Duplicate, $"{sample.Id}: same turns as an earlier sample");
            if (cleaned is null) report.Drop(Name, reason, detail);
            else yield return cleaned;
        }
    }

    private ShareGptSample? Clean(ShareGptSample sample, out string reason, out string detail)
    {
        reason = detail = "";
        var turns = sample.Conversations;
        if (turns.Count <= 1) return Fail(DropReasons.TooShort, $"{sample.Id}: {turns.Count} turn(s)", out reason, out detail);
        if (!ShareGptRoles.AlternateFromHuman(turns))
            return Fail(DropReasons.WrongRoleOrder, $"{sample.Id}: roles {string.Join(",", turns.Select(t => t.From))}", out reason, out detail);
        var cleaned = new List<ShareGptTurn>(turns.Count);
        for (var i = 0; i < turns.Count; i++)
        {
            var value = turns[i].Value;
            if (value.Length > _options.MaxMessageChars)
                return Fail(DropReasons.HugeMessage, $"{sample.Id}: turn {i} has {value.Length} characters (limit {_options.MaxMessageChars})", out reason, out detail);
            var word = _options.UnwantedWords.FirstOrDefault(w => value.Contains(w, StringComparison.OrdinalIgnoreCase));
            if (word is not null) return Fail(DropReasons.UnwantedWord, $"{sample.Id}: turn {i} contains \"{word}\"", out reason, out detail);
            try
            {
                if (_options.ConvertHtml) value = HtmlToMarkdown.Convert(value);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.Text.RegularExpressions.RegexMatchTimeoutException)
            {
                return Fail(DropReasons.BadHtml, $"{sample.Id}: turn {i}: {e.Message}", out reason, out detail);
            }
            if (string.IsNullOrWhiteSpace(value)) return Fail(DropReasons.EmptyMessage, $"{sample.Id}: turn {i} is empty", out reason, out detail);
            cleaned.Add(turns[i] with { Value = value });
        }
        return sample.WithTurns(cleaned);
    }

    /// <summary>A 128-bit hash of the turns (roles and text), enough to tell conversations apart without keeping them.</summary>
    private static UInt128 Fingerprint(ShareGptSample sample)
    {
        var text = new StringBuilder();
        foreach (var turn in sample.Conversations) text.Append(turn.From).Append('\0').Append(turn.Value).Append('\0');
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return new UInt128(BitConverter.ToUInt64(hash, 0), BitConverter.ToUInt64(hash, 8));
    }

    private static ShareGptSample? Fail(string why, string what, out string reason, out string detail)
    {
        reason = why;
        detail = what;
        return null;
    }
}
