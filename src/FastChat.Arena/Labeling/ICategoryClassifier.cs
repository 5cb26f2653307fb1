namespace FastChat.Arena.Labeling;

/// <summary>Labels a prompt with categories; <see cref="ConversationLabeler"/> drives it.</summary>
public interface ICategoryClassifier
{
    /// <summary>Tags this classifier produces, in the order they are asked.</summary>
    IReadOnlyList<string> Tags { get; }

    /// <summary>Labels <paramref name="prompt"/> for the category <paramref name="tag"/>.</summary>
    /// <exception cref="Exception">The call failed (network, HTTP error, timeout); the labeler retries it.</exception>
    Task<CategoryLabel> ClassifyAsync(string tag, string prompt, CancellationToken cancellationToken);
}
