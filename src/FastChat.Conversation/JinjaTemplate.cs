using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using FastChat.Conversation.Jinja;

namespace FastChat.Conversation;

/// <summary>
/// A Jinja2 chat template (e.g. a GGUF's <c>tokenizer.chat_template</c>), parsed once into a tree and rendered
/// by a managed interpreter. Whitespace follows Hugging Face's chat-template environment
/// (<c>trim_blocks</c> and <c>lstrip_blocks</c> on); <c>tojson</c> writes like its <c>json.dumps</c>.
/// </summary>
public sealed class JinjaTemplate
{
    private const int CacheLimit = 256;
    private static readonly ConcurrentDictionary<string, JinjaTemplate> Cache = new(StringComparer.Ordinal);

    private readonly List<Stmt> _body;
    private readonly int _sizeHint;

    private JinjaTemplate(string source, List<Stmt> body)
    {
        Source = source;
        _body = body;
        _sizeHint = Math.Max(256, source.Length);
    }

    /// <summary>The template text.</summary>
    public string Source { get; }

    /// <summary>Parses <paramref name="source"/>, or returns the already-parsed template with the same text.</summary>
    /// <exception cref="TemplateException">A syntax error or an unsupported construct, with its position.</exception>
    public static JinjaTemplate Parse(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (Cache.TryGetValue(source, out var cached)) return cached;
        var template = new JinjaTemplate(source, Parser.Parse(Lexer.Tokenize(source, trimBlocks: true, lstripBlocks: true)));
        if (Cache.Count >= CacheLimit) Cache.Clear();
        return Cache.GetOrAdd(source, template);
    }

    /// <summary>Renders with the given variables (strings, numbers, booleans, lists, dictionaries, JSON elements).</summary>
    /// <exception cref="TemplateException">Rendering failed (including the template's own <c>raise_exception</c>).</exception>
    public string Render(IReadOnlyDictionary<string, object?> variables, DateTime? now = null)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var root = NewRootScope();
        foreach (var (name, value) in variables) root.Set(name, JsonValues.FromClr(value));
        return Execute(root, now);
    }

    /// <summary>
    /// Renders a chat: <c>messages</c> (role, content, and tool_calls / tool_call_id / name where set),
    /// <c>add_generation_prompt</c>, <c>bos_token</c>, <c>eos_token</c>, <c>tools</c> (none when absent) and
    /// any extra variables of <paramref name="options"/>.
    /// </summary>
    /// <exception cref="TemplateException">Rendering failed (including the template's own <c>raise_exception</c>).</exception>
    public string RenderChat(IReadOnlyList<ChatMessage> messages, ChatRenderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        options ??= ChatRenderOptions.Default;
        var root = NewRootScope();
        root.Set("messages", ChatMessages.ToValues(messages));
        root.Set("add_generation_prompt", options.AddGenerationPrompt);
        root.Set("bos_token", options.BosToken);
        root.Set("eos_token", options.EosToken);
        root.Set("tools", options.ToolsJson is null ? null : ParseTools(options.ToolsJson));
        root.Set("documents", null);
        if (options.Variables is not null)
            foreach (var (name, value) in options.Variables) root.Set(name, JsonValues.FromClr(value));
        return Execute(root, options.Now);
    }

    private static object? ParseTools(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return JsonValues.FromJson(doc.RootElement);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"tools are not valid JSON: {e.Message}", nameof(json), e);
        }
    }

    // Shared by every render: templates assign into their own root scope, never into this one.
    private static readonly Scope GlobalScope = CreateGlobalScope();

    private static Scope CreateGlobalScope()
    {
        var globals = new Scope(null);
        foreach (var (name, function) in Globals.Functions) globals.Set(name, function);
        return globals;
    }

    private static Scope NewRootScope() => new(GlobalScope);

    private string Execute(Scope root, DateTime? now)
    {
        var state = new RenderState(root, new StringBuilder(_sizeHint)) { Now = now ?? DateTime.Now };
        Stmt.ExecuteAll(_body, state);
        return state.Output.ToString();
    }
}
