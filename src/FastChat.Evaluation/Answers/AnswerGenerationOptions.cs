namespace FastChat.Evaluation.Answers;

/// <summary>Settings of one answer-generation run (gen_api_answer's arguments).</summary>
public sealed record AnswerGenerationOptions
{
    /// <summary>The name written as model_id (and used as the answer file name); the endpoint's model when null.</summary>
    public string? ModelId { get; init; }

    /// <summary>Conversations sampled per question.</summary>
    public int NumChoices { get; init; } = 1;

    /// <summary>Most tokens per reply.</summary>
    public int MaxNewTokens { get; init; } = 1024;

    /// <summary>Questions answered at once.</summary>
    public int Parallel { get; init; } = 1;

    /// <summary>One temperature for every question instead of FastChat's per-category table.</summary>
    public float? ForceTemperature { get; init; }

    /// <summary>
    /// The FastChat conversation template whose system message opens each conversation; null picks it from the
    /// model name as FastChat's get_conversation_template does, "" sends no system message.
    /// </summary>
    public string? ConversationTemplate { get; init; }
}
