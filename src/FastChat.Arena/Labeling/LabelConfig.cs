using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace FastChat.Arena.Labeling;

/// <summary>
/// Labelling settings from a YAML file in the shape of FastChat's classify/config.yaml (model_name, endpoints,
/// parallel, temperature, max_token, max_retry, retry_sleep, task_name) plus batch_size and optional
/// "categories" that define new categories or override the built-in prompts.
/// </summary>
public sealed class LabelConfig
{
    /// <summary>Model the endpoint serves.</summary>
    public string? ModelName { get; set; }

    /// <summary>OpenAI-compatible endpoints; the first is used.</summary>
    public List<EndpointConfig> Endpoints { get; set; } = [];

    /// <summary>Parallel workers.</summary>
    public int Parallel { get; set; } = 8;

    /// <summary>Records per batch.</summary>
    public int BatchSize { get; set; } = 64;

    /// <summary>Sampling temperature.</summary>
    public float Temperature { get; set; }

    /// <summary>Answer length limit.</summary>
    public int MaxToken { get; set; } = 512;

    /// <summary>Retries after a failed call.</summary>
    public int MaxRetry { get; set; } = 2;

    /// <summary>Seconds between retries.</summary>
    public double RetrySleep { get; set; } = 1;

    /// <summary>Category tags to label, e.g. criteria_v0.1, if_v0.1, math_v0.1, creative_writing_v0.1.</summary>
    public List<string> TaskName { get; set; } = [];

    /// <summary>Category definitions (new ones, or built-in tags with other prompts).</summary>
    public List<CategoryConfig> Categories { get; set; } = [];

    /// <summary>An endpoint.</summary>
    public sealed class EndpointConfig
    {
        /// <summary>Base URL including /v1.</summary>
        public string? ApiBase { get; set; }

        /// <summary>Bearer key.</summary>
        public string? ApiKey { get; set; }
    }

    /// <summary>A category in YAML.</summary>
    public sealed class CategoryConfig
    {
        /// <summary>Tag, e.g. "poetry_v0.1".</summary>
        public string Name { get; set; } = "";

        /// <summary>criteria, score or decision.</summary>
        public string Kind { get; set; } = "decision";

        /// <summary>System message.</summary>
        public string SystemPrompt { get; set; } = "";

        /// <summary>User message with {PROMPT}.</summary>
        public string PromptTemplate { get; set; } = "{PROMPT}";

        /// <summary>Boolean's name in the label.</summary>
        public string? OutputKey { get; set; }

        /// <summary>Criterion names (criteria kind).</summary>
        public List<string> Criteria { get; set; } = [];

        /// <summary>Lowest true score (score kind).</summary>
        public int Threshold { get; set; } = 4;
    }

    /// <summary>Reads a config file.</summary>
    /// <exception cref="ArenaException">The YAML is malformed or names an unknown category or kind.</exception>
    public static LabelConfig Load(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (IOException e)
        {
            throw new ArenaException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Parses config YAML.</summary>
    public static LabelConfig Parse(string yaml)
    {
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .IgnoreUnmatchedProperties()
            .Build();
        LabelConfig config;
        try
        {
            config = deserializer.Deserialize<LabelConfig?>(yaml) ?? new LabelConfig();
        }
        catch (YamlException e)
        {
            throw new ArenaException($"label config: {e.Message} (line {e.Start.Line})", e);
        }
        config.ResolveCategories(); // validates names and kinds up front
        return config;
    }

    /// <summary>The categories to label: task_name in order (all built-in ones when empty), custom definitions first.</summary>
    public IReadOnlyList<CategoryDefinition> ResolveCategories()
    {
        var custom = Categories.ToDictionary(c => c.Name, ToDefinition);
        var names = TaskName.Count > 0 ? TaskName : custom.Count > 0 ? custom.Keys.ToList() : BuiltInCategories.ByTag.Keys.ToList();
        return names.Select(name => custom.GetValueOrDefault(name) ?? BuiltInCategories.ByTag.GetValueOrDefault(name)
            ?? throw new ArenaException($"label config: unknown category '{name}' (built-in: {string.Join(", ", BuiltInCategories.ByTag.Keys)}; or define it under categories)"))
            .ToList();
    }

    private static CategoryDefinition ToDefinition(CategoryConfig c)
    {
        if (string.IsNullOrEmpty(c.Name)) throw new ArenaException("label config: a category has no name");
        if (!Enum.TryParse<CategoryKind>(c.Kind, true, out var kind))
            throw new ArenaException($"label config: category '{c.Name}' has unknown kind '{c.Kind}' (criteria, score or decision)");
        if (kind == CategoryKind.Criteria && c.Criteria.Count == 0)
            throw new ArenaException($"label config: criteria category '{c.Name}' needs a criteria list");
        return new CategoryDefinition
        {
            NameTag = c.Name,
            Kind = kind,
            SystemPrompt = c.SystemPrompt,
            PromptTemplate = c.PromptTemplate,
            OutputKey = c.OutputKey ?? c.Name.Split("_v")[0],
            CriteriaNames = c.Criteria,
            ScoreThreshold = c.Threshold,
        };
    }
}
