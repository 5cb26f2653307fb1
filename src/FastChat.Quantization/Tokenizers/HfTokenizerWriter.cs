using System.Text.Json;

namespace FastChat.Quantization.Tokenizers;

/// <summary>
/// Writes a GGUF vocabulary as Hugging Face tokenizer files that <see cref="HfTokenizerReader"/> (and
/// transformers) read back: tokenizer.model for sentencepiece vocabularies ("llama"), tokenizer.json for
/// byte-level BPE ("gpt2"), plus tokenizer_config.json (special tokens, BOS/EOS flags, chat template, added
/// tokens) and special_tokens_map.json. "[PADi]" filler tokens are left out: config.json's vocab_size restores them.
/// </summary>
public static class HfTokenizerWriter
{
    private const int Unknown = 2, Control = 3, UserDefined = 4, Unused = 5, Byte = 6;

    /// <summary>Writes the files into <paramref name="folder"/>; returns their names.</summary>
    public static IReadOnlyList<string> Write(GgufVocabulary vocabulary, string folder, string tokenizerClass)
    {
        var files = new List<string>();
        switch (vocabulary.Model)
        {
            case "llama":
                File.WriteAllBytes(Path.Combine(folder, "tokenizer.model"), BuildSentencePiece(vocabulary).Write());
                files.Add("tokenizer.model");
                break;
            case "gpt2":
                WriteJson(Path.Combine(folder, "tokenizer.json"), json => WriteTokenizerJson(json, vocabulary));
                files.Add("tokenizer.json");
                break;
            default:
                throw new ModelConversionException($"tokenizer model '{vocabulary.Model}' cannot be exported (llama and gpt2 can)");
        }
        WriteJson(Path.Combine(folder, "tokenizer_config.json"), json => WriteTokenizerConfig(json, vocabulary, tokenizerClass));
        WriteJson(Path.Combine(folder, "special_tokens_map.json"), json =>
        {
            json.WriteStartObject();
            foreach (var (role, _) in GgufVocabulary.SpecialRoles)
                if (vocabulary.SpecialIds.TryGetValue(role, out var id)) json.WriteString(role + "_token", vocabulary.Tokens[id]);
            json.WriteEndObject();
        });
        files.Add("tokenizer_config.json");
        files.Add("special_tokens_map.json");
        return files;
    }

    private static SentencePieceModel BuildSentencePiece(GgufVocabulary vocabulary)
    {
        var pieces = new List<SentencePiece>();
        for (var i = 0; i < vocabulary.Tokens.Count; i++)
        {
            if (IsFiller(vocabulary, i)) break; // fillers only ever trail the real pieces
            pieces.Add(new SentencePiece(System.Text.Encoding.UTF8.GetBytes(vocabulary.Tokens[i]), vocabulary.Scores?[i] ?? 0f, vocabulary.TokenTypes[i]));
        }
        int Id(string role) => vocabulary.SpecialIds.TryGetValue(role, out var id) ? id : -1;
        return new SentencePieceModel
        {
            Pieces = pieces,
            UnknownId = Math.Max(0, Id("unk")),
            BosId = Id("bos"),
            EosId = Id("eos"),
            PadId = Id("pad"),
            ByteFallback = vocabulary.TokenTypes.Contains(Byte),
        };
    }

    private static void WriteTokenizerJson(Utf8JsonWriter json, GgufVocabulary vocabulary)
    {
        json.WriteStartObject();
        json.WriteString("version", "1.0");
        json.WriteStartArray("added_tokens");
        for (var i = 0; i < vocabulary.Tokens.Count; i++)
        {
            if (vocabulary.TokenTypes[i] is not (Control or UserDefined)) continue;
            json.WriteStartObject();
            json.WriteNumber("id", i);
            json.WriteString("content", vocabulary.Tokens[i]);
            json.WriteBoolean("single_word", false);
            json.WriteBoolean("lstrip", false);
            json.WriteBoolean("rstrip", false);
            json.WriteBoolean("normalized", vocabulary.TokenTypes[i] == UserDefined);
            json.WriteBoolean("special", vocabulary.TokenTypes[i] == Control);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteNull("normalizer");
        json.WriteStartObject("pre_tokenizer");
        json.WriteString("type", "ByteLevel");
        json.WriteBoolean("add_prefix_space", false);
        json.WriteBoolean("trim_offsets", false);
        json.WriteBoolean("use_regex", true);
        json.WriteEndObject();
        json.WriteNull("post_processor");
        json.WriteStartObject("decoder");
        json.WriteString("type", "ByteLevel");
        json.WriteBoolean("add_prefix_space", false);
        json.WriteBoolean("trim_offsets", false);
        json.WriteBoolean("use_regex", true);
        json.WriteEndObject();
        json.WriteStartObject("model");
        json.WriteString("type", "BPE");
        json.WriteNull("dropout");
        json.WriteNull("unk_token");
        json.WriteBoolean("fuse_unk", false);
        json.WriteBoolean("byte_fallback", false);
        json.WriteStartObject("vocab");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < vocabulary.Tokens.Count; i++)
        {
            if (vocabulary.TokenTypes[i] is Control or UserDefined || IsFiller(vocabulary, i)) continue;
            if (!seen.Add(vocabulary.Tokens[i]))
                throw new ModelConversionException($"token {i} '{vocabulary.Tokens[i]}' appears twice in the vocabulary; tokenizer.json cannot hold it");
            json.WriteNumber(vocabulary.Tokens[i], i);
        }
        json.WriteEndObject();
        json.WriteStartArray("merges");
        foreach (var merge in vocabulary.Merges ?? []) json.WriteStringValue(merge);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteTokenizerConfig(Utf8JsonWriter json, GgufVocabulary vocabulary, string tokenizerClass)
    {
        json.WriteStartObject();
        if (vocabulary.AddBos is { } addBos) json.WriteBoolean("add_bos_token", addBos);
        if (vocabulary.AddEos is { } addEos) json.WriteBoolean("add_eos_token", addEos);
        json.WriteStartObject("added_tokens_decoder");
        for (var i = 0; i < vocabulary.Tokens.Count; i++)
        {
            if (vocabulary.TokenTypes[i] is not (Control or UserDefined or Unknown)) continue;
            json.WriteStartObject(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("content", vocabulary.Tokens[i]);
            json.WriteBoolean("lstrip", false);
            json.WriteBoolean("normalized", vocabulary.TokenTypes[i] == UserDefined);
            json.WriteBoolean("rstrip", false);
            json.WriteBoolean("single_word", false);
            json.WriteBoolean("special", vocabulary.TokenTypes[i] != UserDefined);
            json.WriteEndObject();
        }
        json.WriteEndObject();
        foreach (var (role, _) in GgufVocabulary.SpecialRoles)
            if (vocabulary.SpecialIds.TryGetValue(role, out var id)) json.WriteString(role + "_token", vocabulary.Tokens[id]);
        if (vocabulary.ChatTemplate is not null) json.WriteString("chat_template", vocabulary.ChatTemplate);
        json.WriteString("tokenizer_class", tokenizerClass);
        json.WriteEndObject();
    }

    /// <summary>A "[PADi]" placeholder the converter added to reach config.json's vocab_size.</summary>
    private static bool IsFiller(GgufVocabulary vocabulary, int id) =>
        vocabulary.TokenTypes[id] == Unused && vocabulary.Tokens[id] == $"[PAD{id}]";

    internal static void WriteJson(string path, Action<Utf8JsonWriter> write)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        write(json);
    }
}
