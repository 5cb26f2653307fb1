using System.Text.Encodings.Web;
using System.Text.Json;

namespace FastChat.Evaluation.Data;

/// <summary>The JSON settings every evaluation file uses: one compact object per line, text kept readable.</summary>
public static class EvalJson
{
    /// <summary>Compact, non-ASCII left as is (FastChat escapes it; both read back the same).</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
