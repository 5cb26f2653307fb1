namespace FastChat.Arena.Battles;

/// <summary>One message of a battle conversation in OpenAI form ("user" / "assistant").</summary>
public sealed record ChatTurn(string Role, string Content);
