using System.Text.Json.Serialization;
using FastChat.Evaluation.Data;

namespace FastChat.Evaluation.Results;

/// <summary>One review file of the original Vicuna evaluation: the two models' total scores and who won how often.</summary>
public sealed record VicunaPairTotals(string ReviewFile, string Model1, string Model2, double Total1, double Total2, int Wins1, int Wins2, int Ties, int Questions);

/// <summary>
/// The original Vicuna evaluation (fastchat/eval table/): GPT-4 reviews score two answers 1-10 per question
/// (review.score = [answer 1, answer 2]); the published chart is the sum of each side over the 80 questions.
/// Answers are attributed to models through their answer ids.
/// </summary>
public static class VicunaReviewTotals
{
    /// <param name="tableDirectory">The table/ folder (answer/, review/, model.jsonl).</param>
    /// <param name="reviewSubdirectory">The review folder to total, e.g. "vicuna-13b_20230322-clean-lang" (the published one).</param>
    /// <exception cref="InvalidDataException">A review names an answer no answer file has.</exception>
    public static List<VicunaPairTotals> Compute(string tableDirectory, string reviewSubdirectory)
    {
        var modelOfAnswer = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Path.Combine(tableDirectory, "answer"), "*.jsonl").Order(StringComparer.Ordinal))
            foreach (var answer in JsonLines.Read<VicunaAnswer>(file)) modelOfAnswer[answer.AnswerId] = answer.ModelId;
        var names = File.Exists(Path.Combine(tableDirectory, "model.jsonl"))
            ? JsonLines.Read<VicunaModel>(Path.Combine(tableDirectory, "model.jsonl")).ToDictionary(m => m.ModelId, m => m.ModelName, StringComparer.Ordinal)
            : [];
        string ModelOf(string answerId, string file) =>
            modelOfAnswer.TryGetValue(answerId, out var id) ? names.GetValueOrDefault(id, id)
                : throw new InvalidDataException($"{file}: answer {answerId} is in no answer file");

        var results = new List<VicunaPairTotals>();
        foreach (var file in Directory.GetFiles(Path.Combine(tableDirectory, "review", reviewSubdirectory), "*.jsonl").Order(StringComparer.Ordinal))
        {
            var reviews = JsonLines.Read<VicunaReview>(file);
            if (reviews.Count == 0) continue;
            double total1 = 0, total2 = 0;
            int wins1 = 0, wins2 = 0, ties = 0;
            foreach (var review in reviews)
            {
                var (s1, s2) = (review.Score[0], review.Score[1]);
                total1 += s1;
                total2 += s2;
                if (s1 > s2) wins1++;
                else if (s2 > s1) wins2++;
                else ties++;
            }
            results.Add(new VicunaPairTotals(Path.GetFileName(file), ModelOf(reviews[0].Answer1Id, file), ModelOf(reviews[0].Answer2Id, file),
                                             total1, total2, wins1, wins2, ties, reviews.Count));
        }
        return results;
    }

    private sealed record VicunaAnswer([property: JsonPropertyName("answer_id")] string AnswerId, [property: JsonPropertyName("model_id")] string ModelId);

    private sealed record VicunaModel([property: JsonPropertyName("model_id")] string ModelId, [property: JsonPropertyName("model_name")] string ModelName);

    private sealed record VicunaReview(
        [property: JsonPropertyName("answer1_id")] string Answer1Id,
        [property: JsonPropertyName("answer2_id")] string Answer2Id,
        [property: JsonPropertyName("score")] double[] Score);
}
