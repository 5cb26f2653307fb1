using System.Text.Json;
using FastChat.Evaluation.Data;

namespace FastChat.Evaluation.Agreement;

/// <summary>
/// Reads votes from a JSON array or JSON Lines file in either of two forms: FastChat's human / GPT-4 vote files
/// (question_id, model_a, model_b, winner, judge, turn) or our pairwise judgment files (g1_winner / g2_winner,
/// where orders that disagree become "tie (inconsistent)" and unparsed verdicts are skipped).
/// </summary>
public static class VoteLoader
{
    /// <param name="path">The vote file.</param>
    /// <param name="judgeName">Name every vote's judge this (to compare two files of one judge model); null reads it from the file.</param>
    /// <exception cref="InvalidDataException">The file is neither form.</exception>
    public static List<Vote> Load(string path, string? judgeName = null)
    {
        var text = File.ReadAllText(path);
        IEnumerable<JsonElement> objects = text.TrimStart().StartsWith('[')
            ? JsonDocument.Parse(text).RootElement.EnumerateArray().ToList()
            : text.Split('\n').Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var votes = new List<Vote>();
        foreach (var item in objects)
        {
            var vote = item.TryGetProperty("g1_winner", out _) ? FromJudgment(item) : FromVote(item, path);
            if (vote is not null) votes.Add(judgeName is null ? vote : vote with { Judge = judgeName });
        }
        return votes;
    }

    /// <summary>compute_agreement's get_judge_name, generalised: a [model, prompt] judge is named by its model, "expert*" is human, "author*" author.</summary>
    public static string JudgeName(JsonElement judge)
    {
        if (judge.ValueKind == JsonValueKind.Array) return judge[0].GetString() ?? "";
        var name = judge.GetString() ?? "";
        if (name.StartsWith("expert", StringComparison.Ordinal)) return "human";
        if (name.StartsWith("author", StringComparison.Ordinal)) return "author";
        return name;
    }

    private static Vote? FromJudgment(JsonElement item)
    {
        var judgment = item.Deserialize<PairwiseJudgment>(EvalJson.Options)!;
        if (judgment.Game1Winner == PairwiseJudgment.Error || judgment.Game2Winner == PairwiseJudgment.Error) return null;
        var winner = !judgment.IsConsistent ? "tie (inconsistent)" : judgment.Game1Winner switch
        {
            PairwiseJudgment.Model1Wins => "model_a",
            PairwiseJudgment.Model2Wins => "model_b",
            _ => "tie",
        };
        return new Vote(judgment.QuestionId, judgment.Model1, judgment.Model2, winner, judgment.Judge.Model, judgment.Turn);
    }

    private static Vote FromVote(JsonElement item, string path)
    {
        try
        {
            return new Vote(item.GetProperty("question_id").Deserialize<QuestionId>(EvalJson.Options), item.GetProperty("model_a").GetString()!,
                            item.GetProperty("model_b").GetString()!, item.GetProperty("winner").GetString()!,
                            JudgeName(item.GetProperty("judge")), item.GetProperty("turn").GetInt32());
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or JsonException)
        {
            throw new InvalidDataException($"{path}: not a vote (question_id, model_a, model_b, winner, judge, turn) nor a pairwise judgment: {e.Message}", e);
        }
    }
}
