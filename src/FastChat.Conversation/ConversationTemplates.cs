namespace FastChat.Conversation;

/// <summary>The registry of FastChat conversation templates, in FastChat's registration order.</summary>
public static partial class ConversationTemplates
{
    private static readonly object Gate = new();
    private static readonly List<ConversationTemplate> Ordered = [];
    private static readonly Dictionary<string, ConversationTemplate> ByName = new(StringComparer.Ordinal);
    private static volatile ConversationTemplate[] _snapshot;

    static ConversationTemplates()
    {
        RegisterBuiltIns();
        _snapshot = [.. Ordered];
    }

    /// <summary>Every registered template, in registration order.</summary>
    public static IReadOnlyList<ConversationTemplate> All => _snapshot;

    /// <summary>The template named <paramref name="name"/> (exact, case-sensitive, as FastChat).</summary>
    /// <exception cref="KeyNotFoundException">No template has that name.</exception>
    public static ConversationTemplate Get(string name) =>
        TryGet(name, out var template) ? template
            : throw new KeyNotFoundException($"no conversation template named '{name}' (known: {string.Join(", ", _snapshot.Select(t => t.Name))})");

    /// <summary>Looks a template up by name.</summary>
    public static bool TryGet(string name, out ConversationTemplate template)
    {
        lock (Gate) return ByName.TryGetValue(name, out template!);
    }

    /// <summary>Registers a template; an existing name is an error unless <paramref name="override"/> is set.</summary>
    public static void Register(ConversationTemplate template, bool @override = false)
    {
        ArgumentNullException.ThrowIfNull(template);
        lock (Gate)
        {
            Add(template, @override);
            _snapshot = [.. Ordered];
        }
    }

    private static void Add(ConversationTemplate template, bool @override = false)
    {
        if (ByName.ContainsKey(template.Name))
        {
            if (!@override) throw new InvalidOperationException($"{template.Name} has been registered.");
            Ordered[Ordered.FindIndex(t => t.Name == template.Name)] = template;
        }
        else Ordered.Add(template);
        ByName[template.Name] = template;
    }
}
