namespace FastChat.Arena.Battles;

/// <summary>FastChat's renames of old arena model names (replace_model_name in clean_battle_data).</summary>
public static class ModelNames
{
    private static readonly Dictionary<string, string> Renames = new()
    {
        ["bard"] = "palm-2",
        ["claude-v1"] = "claude-1",
        ["claude-instant-v1"] = "claude-instant-1",
        ["oasst-sft-1-pythia-12b"] = "oasst-pythia-12b",
        ["claude-2"] = "claude-2.0",
    };

    /// <summary>Unversioned GPT names after 2023-06-27 (Unix 1687849200) were the 0613 snapshots, before it 0314.</summary>
    public static string Replace(string name, double timestamp)
    {
        if (name is "gpt-4" or "gpt-3.5-turbo") return name + (timestamp > 1687849200 ? "-0613" : "-0314");
        return Renames.GetValueOrDefault(name, name);
    }
}
