using System.Text.Json;

namespace FastChat.Quantization.Tokenizers;

/// <summary>Reads the JSON files of a checkpoint folder; malformed JSON is a <see cref="ModelConversionException"/> naming the file.</summary>
internal static class JsonFile
{
    /// <summary>The root object of <paramref name="folder"/>/<paramref name="name"/>, or null when the file does not exist.</summary>
    public static JsonElement? ReadObjectOrNull(string folder, string name)
    {
        var path = Path.Combine(folder, name);
        if (!File.Exists(path)) return null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { AllowTrailingCommas = true });
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw new ModelConversionException($"{name}: the root is not a JSON object");
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new ModelConversionException($"{name}: not valid JSON ({e.Message})", e);
        }
    }

    public static string? GetStringOrNull(this JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static bool? GetBoolOrNull(this JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

    public static long? GetInt64OrNull(this JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;

    public static double? GetDoubleOrNull(this JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
