namespace FastChat.Arena.Labeling;

/// <summary>How a category's answer is read (FastChat's three answer formats).</summary>
public enum CategoryKind
{
    /// <summary>A list of criterion numbers such as "[1, 3, 6]" (criteria_v0.1): one boolean per criterion.</summary>
    Criteria,
    /// <summary>"&lt;score&gt;N&lt;/score&gt;" with N in 0-5 (if_v0.1): true when N ≥ the threshold.</summary>
    Score,
    /// <summary>"&lt;decision&gt;yes/no&lt;/decision&gt;" (math_v0.1, creative_writing_v0.1): true for "yes".</summary>
    Decision,
}
