using System.Text.Json;

namespace FastChat.Quantization.Tokenizers;

/// <summary>
/// Builds the GGUF vocabulary of a Hugging Face checkpoint folder as llama.cpp's convert_hf_to_gguf does:
/// from tokenizer.model (sentencepiece: pieces, scores, types; model "llama") when present, else from
/// tokenizer.json (byte-level BPE: vocab, merges, added tokens; model "gpt2"); special token ids from
/// tokenizer_config.json (by content), then config.json's *_token_id; the chat template from
/// tokenizer_config.json or chat_template.jinja. Ids beyond the tokenizer up to config.json's vocab_size
/// become "[PADi]" UNUSED tokens.
/// Deviation: an added token (tokenizer_config.json added_tokens_decoder) whose id already holds the same piece
/// in tokenizer.model keeps that piece's type and score, where llama.cpp re-marks it CONTROL with score -1000.
/// </summary>
public static class HfTokenizerReader
{
    private const int Normal = 1, Control = 3, UserDefined = 4, Unused = 5;

    /// <param name="bpePre">tokenizer.ggml.pre for a BPE vocabulary (e.g. "qwen2", "llama-bpe").</param>
    public static GgufVocabulary Read(string folder, JsonElement config, string bpePre)
    {
        var tokenizerConfig = JsonFile.ReadObjectOrNull(folder, "tokenizer_config.json");
        var vocabSize = (int?)config.GetInt64OrNull("vocab_size");
        var spmPath = Path.Combine(folder, "tokenizer.model");
        GgufVocabulary vocabulary;
        if (File.Exists(spmPath)) vocabulary = ReadSentencePiece(folder, spmPath, vocabSize, tokenizerConfig);
        else if (JsonFile.ReadObjectOrNull(folder, "tokenizer.json") is { } tokenizerJson) vocabulary = ReadBpe(tokenizerJson, vocabSize, bpePre);
        else throw new ModelConversionException($"{folder} has neither tokenizer.model nor tokenizer.json");

        return vocabulary with
        {
            SpecialIds = FindSpecialIds(vocabulary.Tokens, tokenizerConfig, config),
            AddBos = tokenizerConfig?.GetBoolOrNull("add_bos_token"),
            AddEos = tokenizerConfig?.GetBoolOrNull("add_eos_token"),
            ChatTemplate = ReadChatTemplate(folder, tokenizerConfig),
        };
    }

    private static GgufVocabulary ReadSentencePiece(string folder, string path, int? configVocabSize, JsonElement? tokenizerConfig)
    {
        var model = SentencePieceModel.Read(File.ReadAllBytes(path));
        var size = configVocabSize ?? model.Pieces.Count;
        var tokens = Enumerable.Range(0, size).Select(i => $"[PAD{i}]").ToArray();
        var scores = Enumerable.Repeat(-10000f, size).ToArray();
        var types = Enumerable.Repeat(Unused, size).ToArray();
        for (var i = 0; i < Math.Min(size, model.Pieces.Count); i++)
        {
            tokens[i] = System.Text.Encoding.UTF8.GetString(model.Pieces[i].Piece);
            scores[i] = model.Pieces[i].Score;
            types[i] = model.Pieces[i].Type;
        }

        if (JsonFile.ReadObjectOrNull(folder, "added_tokens.json") is { } added)
            foreach (var entry in added.EnumerateObject())
                if (entry.Value.TryGetInt32(out var id) && id >= model.Pieces.Count && id < size)
                    (tokens[id], scores[id], types[id]) = (entry.Name, -1000f, UserDefined);

        if (tokenizerConfig?.TryGetProperty("added_tokens_decoder", out var decoder) == true && decoder.ValueKind == JsonValueKind.Object)
            foreach (var entry in decoder.EnumerateObject())
            {
                if (!int.TryParse(entry.Name, out var id) || id < 0 || id >= size) continue;
                var content = entry.Value.GetStringOrNull("content") ?? throw new ModelConversionException($"tokenizer_config.json: added token {id} has no content");
                if (id < model.Pieces.Count && tokens[id] == content) continue; // the sentencepiece entry already says what it is
                var special = entry.Value.GetBoolOrNull("special") == true || LooksSpecial(content);
                tokens[id] = special ? content : content.Replace('\u2581', ' ');
                types[id] = special ? Control : UserDefined;
                scores[id] = -1000f;
            }
        return new GgufVocabulary { Model = "llama", Pre = "default", Tokens = tokens, Scores = scores, TokenTypes = types };
    }

    private static GgufVocabulary ReadBpe(JsonElement tokenizerJson, int? configVocabSize, string pre)
    {
        if (!tokenizerJson.TryGetProperty("model", out var model) || model.GetStringOrNull("type") is not "BPE")
            throw new ModelConversionException($"tokenizer.json: model type '{(tokenizerJson.TryGetProperty("model", out var m) ? m.GetStringOrNull("type") : null) ?? "none"}' is not supported (BPE is)");
        if (!model.TryGetProperty("vocab", out var vocab) || vocab.ValueKind != JsonValueKind.Object)
            throw new ModelConversionException("tokenizer.json: model.vocab is missing");
        var byId = new Dictionary<int, string>();
        foreach (var entry in vocab.EnumerateObject())
            byId[entry.Value.TryGetInt32(out var id) ? id : throw new ModelConversionException($"tokenizer.json: vocab id of '{entry.Name}' is not an integer")] = entry.Name;
        var addedSpecial = new Dictionary<int, bool>();
        if (tokenizerJson.TryGetProperty("added_tokens", out var addedTokens) && addedTokens.ValueKind == JsonValueKind.Array)
            foreach (var token in addedTokens.EnumerateArray())
            {
                var id = (int)(token.GetInt64OrNull("id") ?? throw new ModelConversionException("tokenizer.json: an added token has no id"));
                byId[id] = token.GetStringOrNull("content") ?? throw new ModelConversionException($"tokenizer.json: added token {id} has no content");
                addedSpecial[id] = token.GetBoolOrNull("special") == true;
            }
        var size = configVocabSize ?? (byId.Count == 0 ? 0 : byId.Keys.Max() + 1);
        if (byId.Count > 0 && byId.Keys.Max() >= size)
            throw new ModelConversionException($"tokenizer.json has token id {byId.Keys.Max()} but config.json's vocab_size is {size}");

        var tokens = new string[size];
        var types = new int[size];
        for (var i = 0; i < size; i++)
        {
            if (!byId.TryGetValue(i, out var token)) (tokens[i], types[i]) = ($"[PAD{i}]", Unused);
            else if (!addedSpecial.TryGetValue(i, out var special)) (tokens[i], types[i]) = (token, Normal);
            else if (special || LooksSpecial(token)) (tokens[i], types[i]) = (token, Control);
            else (tokens[i], types[i]) = (token.Replace('\u2581', ' '), UserDefined);
        }
        var merges = new List<string>();
        if (model.TryGetProperty("merges", out var mergeList) && mergeList.ValueKind == JsonValueKind.Array)
            foreach (var merge in mergeList.EnumerateArray())
                merges.Add(merge.ValueKind switch
                {
                    JsonValueKind.String => merge.GetString()!,
                    JsonValueKind.Array when merge.GetArrayLength() == 2 => merge[0].GetString() + " " + merge[1].GetString(),
                    _ => throw new ModelConversionException($"tokenizer.json: merge {merge.GetRawText()} is neither \"a b\" nor [a, b]"),
                });
        return new GgufVocabulary { Model = "gpt2", Pre = pre, Tokens = tokens, TokenTypes = types, Merges = merges };
    }

    /// <summary>Special ids: tokenizer_config.json's "{role}_token" (a string or {content}) looked up in the vocabulary, else config.json's "{role}_token_id".</summary>
    private static Dictionary<string, int> FindSpecialIds(IReadOnlyList<string> tokens, JsonElement? tokenizerConfig, JsonElement config)
    {
        var byContent = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = tokens.Count - 1; i >= 0; i--) byContent[tokens[i]] = i; // first occurrence wins
        var ids = new Dictionary<string, int>();
        foreach (var (role, _) in GgufVocabulary.SpecialRoles)
        {
            if (tokenizerConfig is { } tc && tc.TryGetProperty(role + "_token", out var entry))
            {
                var content = entry.ValueKind switch
                {
                    JsonValueKind.String => entry.GetString(),
                    JsonValueKind.Object => entry.GetStringOrNull("content"),
                    _ => null,
                };
                if (content is not null && byContent.TryGetValue(content, out var id))
                {
                    ids[role] = id;
                    continue;
                }
            }
            if (config.GetInt64OrNull(role + "_token_id") is { } configId && configId >= 0 && configId < tokens.Count)
                ids[role] = (int)configId;
        }
        return ids;
    }

    private static string? ReadChatTemplate(string folder, JsonElement? tokenizerConfig)
    {
        var jinja = Path.Combine(folder, "chat_template.jinja");
        if (File.Exists(jinja)) return File.ReadAllText(jinja);
        if (tokenizerConfig is not { } tc || !tc.TryGetProperty("chat_template", out var template)) return null;
        if (template.ValueKind == JsonValueKind.String) return template.GetString();
        // A list of named templates: the "default" one is the chat template.
        if (template.ValueKind == JsonValueKind.Array)
            foreach (var named in template.EnumerateArray())
                if (named.GetStringOrNull("name") == "default") return named.GetStringOrNull("template");
        return null;
    }

    /// <summary>llama.cpp's does_token_look_special: tokens some models forget to mark special.</summary>
    internal static bool LooksSpecial(string token) =>
        token is "<pad>" or "<mask>" or "<2mass>" or "[@BOS@]"
        || (token.StartsWith("<|", StringComparison.Ordinal) && token.EndsWith("|>", StringComparison.Ordinal))
        || (token.StartsWith("<\uFF5C", StringComparison.Ordinal) && token.EndsWith("\uFF5C>", StringComparison.Ordinal))
        || (token.StartsWith("<unused", StringComparison.Ordinal) && token.EndsWith('>'));
}
