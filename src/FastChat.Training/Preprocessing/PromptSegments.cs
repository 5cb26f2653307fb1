using FastChat.Conversation;
using FastChat.Data;

namespace FastChat.Training.Preprocessing;

/// <summary>
/// A conversation rendered with a FastChat template, with the character ranges the model must learn: each assistant
/// turn from just after its role prefix (e.g. "ASSISTANT:") to the end of its separator (e.g. "&lt;/s&gt;"). Found for any
/// template by rendering growing prefixes of the conversation: the prompt with an open assistant turn ends where the
/// answer starts, the prompt with the answer ends where it stops.
/// </summary>
internal sealed record PromptSegments(string Prompt, IReadOnlyList<(int Start, int End)> Targets)
{
    /// <summary>Renders <paramref name="turns"/>; null when some prefix rendering is not a prefix of the whole prompt.</summary>
    /// <exception cref="ArgumentException">The turns do not alternate human/gpt.</exception>
    public static PromptSegments? Build(IReadOnlyList<ShareGptTurn> turns, ConversationTemplate template, string? systemMessage = null)
    {
        // FastChat's preprocess drops a leading non-human turn (a ShareGPT quirk), then requires alternation.
        var start = turns.Count > 0 && turns[0].From != ShareGptRoles.Human ? 1 : 0;
        var conversation = template.CreateConversation();
        if (systemMessage is not null) conversation.SystemMessage = systemMessage;
        for (var i = start; i < turns.Count; i++)
        {
            var expected = (i - start) % 2 == 0 ? ShareGptRoles.Human : ShareGptRoles.Gpt;
            if (turns[i].From != expected)
                throw new ArgumentException($"turn {i} is from '{turns[i].From}', expected '{expected}' (roles must alternate human/gpt)", nameof(turns));
            conversation.AppendMessage(expected == ShareGptRoles.Human ? template.UserRole : template.AssistantRole, turns[i].Value);
        }
        var prompt = conversation.GetPrompt();
        var targets = new List<(int, int)>();
        var offset = template.PresetMessages.Count; // few-shot turns come with every fresh conversation
        for (var j = offset + 1; j < conversation.Messages.Count; j += 2)
        {
            var partial = template.CreateConversation();
            partial.SystemMessage = conversation.SystemMessage;
            foreach (var message in conversation.Messages.Skip(offset).Take(j - offset)) partial.AppendMessage(message.Role, message.Content);
            partial.AppendMessage(template.AssistantRole, null);
            var before = partial.GetPrompt();
            partial.UpdateLastMessage(conversation.Messages[j].Content);
            var after = partial.GetPrompt();
            if (!prompt.StartsWith(before, StringComparison.Ordinal) || !prompt.StartsWith(after, StringComparison.Ordinal) || after.Length < before.Length)
                return null;
            targets.Add((before.Length, after.Length));
        }
        return new PromptSegments(prompt, targets);
    }
}
