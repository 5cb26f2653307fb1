using FastChat.Gguf;

namespace FastChat.Engine.Tokenization;

/// <summary>Typed reads of tokenizer.* keys that turn missing or mistyped values into <see cref="TokenizerException"/>s naming the key.</summary>
internal sealed class TokenizerMetadataReader(GgufMetadata metadata)
{
    // Keys GgufKeys does not define (llama.cpp's names).
    public const string AddSpacePrefix = "tokenizer.ggml.add_space_prefix";
    public const string AddSeparatorToken = "tokenizer.ggml.add_sep_token";
    public const string ClsTokenId = "tokenizer.ggml.cls_token_id";

    public string? String(string key) => Read(key, metadata.GetStringOrNull);

    public bool? Bool(string key) => Read(key, metadata.GetBoolOrNull);

    public long? Integer(string key) => Read(key, metadata.GetInt64OrNull);

    public GgufArray? Array(string key, params GgufValueType[] elementTypes)
    {
        var array = Read(key, metadata.GetArrayOrNull);
        if (array is not null && array.Count > 0 && !elementTypes.Contains(array.ElementType))
            throw new TokenizerException(
                $"{key} holds {array.ElementType} elements; expected {string.Join(" or ", elementTypes)}.", key);
        return array;
    }

    public GgufArray RequiredArray(string key, params GgufValueType[] elementTypes) =>
        Array(key, elementTypes) ?? throw new TokenizerException($"The tokenizer needs {key}, which this file does not have.", key);

    private static T Read<T>(string key, Func<string, T> read)
    {
        try
        {
            return read(key);
        }
        catch (GgufFormatException e)
        {
            throw new TokenizerException($"{key} has the wrong type: {e.Message}", key, e);
        }
    }
}
