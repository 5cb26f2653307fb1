using System.Text;
using FastChat.Serving.Backends;

namespace FastChat.Serving.OpenAi;

/// <summary>Token logprobs in the two OpenAI shapes: chat (per-token objects) and legacy completions (parallel arrays).</summary>
public static class LogprobsMapper
{
    public static ChatLogprobsDto Chat(IEnumerable<TokenInfo> tokens) => new(
        [.. tokens.Select(t => new ChatTokenLogprob(t.Token, t.Logprob, Bytes(t.Token),
            [.. (t.TopLogprobs ?? []).Select(a => new ChatTopLogprob(a.Token, a.Logprob, Bytes(a.Token)))]))]);

    /// <param name="textOffset">Characters of text before the first token (the echoed prompt, or text already streamed).</param>
    public static CompletionLogprobsDto Completion(IReadOnlyList<TokenInfo> tokens, int textOffset)
    {
        var offsets = new int[tokens.Count];
        for (var i = 0; i < tokens.Count; i++)
        {
            offsets[i] = textOffset;
            textOffset += tokens[i].Token.Length;
        }
        return new CompletionLogprobsDto(
            [.. tokens.Select(t => t.Token)],
            [.. tokens.Select(t => t.Logprob)],
            [.. tokens.Select(TopDictionary)],
            offsets);
    }

    private static Dictionary<string, float> TopDictionary(TokenInfo token)
    {
        var top = new Dictionary<string, float>();
        foreach (var alternative in token.TopLogprobs ?? []) top.TryAdd(alternative.Token, alternative.Logprob);
        return top;
    }

    private static int[] Bytes(string token) => [.. Encoding.UTF8.GetBytes(token).Select(b => (int)b)];
}
