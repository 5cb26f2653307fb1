namespace FastChat.Data.Steps;

/// <summary>One stage of the data pipeline: a lazy filter/transform over records that counts every record it drops.</summary>
public abstract class DataStep
{
    /// <summary>The name drops are counted under (the CLI verb).</summary>
    public abstract string Name { get; }

    /// <summary>The records that survive this step, computed lazily as <paramref name="input"/> is enumerated.</summary>
    public abstract IEnumerable<ShareGptSample> Apply(IEnumerable<ShareGptSample> input, DataReport report);
}
