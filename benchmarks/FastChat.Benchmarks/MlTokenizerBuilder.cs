using System.Text;
using System.Text.RegularExpressions;
using FastChat.Gguf;
using Google.Protobuf;
using Ml = Microsoft.ML.Tokenizers;

namespace FastChat.Benchmarks;

/// <summary>
/// Microsoft.ML.Tokenizers tokenizers built from the same GGUF vocabularies, for side-by-side measurements:
/// byte-level BPE from the tokens and merges (BpeOptions), SentencePiece BPE from a ModelProto assembled from
/// the tokens, scores and types, WordPiece from a vocab.txt rebuilt from the GGUF's ▁-prefixed pieces.
/// </summary>
internal static partial class MlTokenizerBuilder
{
    public static Ml.Tokenizer Create(string path)
    {
        using var file = GgufFile.Open(path);
        var metadata = file.Metadata;
        return metadata.GetString(GgufKeys.TokenizerModel) switch
        {
            "gpt2" => ByteLevelBpe(metadata),
            "llama" => SentencePiece(metadata),
            "bert" => WordPiece(metadata),
            var model => throw new NotSupportedException($"No Microsoft.ML.Tokenizers counterpart for '{model}'."),
        };
    }

    [GeneratedRegex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+")]
    private static partial Regex Gpt2Pattern { get; }

    private static Ml.Tokenizer ByteLevelBpe(GgufMetadata metadata)
    {
        var tokens = metadata.GetArray(GgufKeys.Tokens).ToStringArray();
        var vocabulary = tokens.Select((token, id) => KeyValuePair.Create(token, id)).DistinctBy(kv => kv.Key);
        return Ml.BpeTokenizer.Create(new Ml.BpeOptions(vocabulary)
        {
            Merges = metadata.GetArray(GgufKeys.Merges).ToStringArray(),
            ByteLevel = true,
            PreTokenizer = new Ml.RegexPreTokenizer(Gpt2Pattern, null),
        });
    }

    /// <summary>A sentencepiece_model.proto ModelProto: pieces (1), trainer_spec (2: BPE, byte fallback), normalizer_spec (3).</summary>
    private static Ml.Tokenizer SentencePiece(GgufMetadata metadata)
    {
        var tokens = metadata.GetArray(GgufKeys.Tokens);
        var scores = metadata.GetArray(GgufKeys.Scores).AsSpan<float>().ToArray();
        var types = metadata.GetArray(GgufKeys.TokenTypes);
        var model = new MemoryStream();
        var output = new CodedOutputStream(model);
        for (var i = 0; i < tokens.Count; i++)
        {
            var piece = Message(p =>
            {
                p.WriteTag(1, WireFormat.WireType.LengthDelimited);
                p.WriteBytes(ByteString.CopyFrom(tokens.GetStringBytes(i)));
                p.WriteTag(2, WireFormat.WireType.Fixed32);
                p.WriteFloat(scores[i]);
                p.WriteTag(3, WireFormat.WireType.Varint);
                p.WriteInt32((int)types.GetInt64(i));
            });
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(piece);
        }
        output.WriteTag(2, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(Message(t =>
        {
            (int Field, int Value)[] fields = [(3, 2), (35, 1), (40, 0), (41, 1), (42, 2), (43, -1)]; // BPE, byte_fallback, unk/bos/eos/pad ids
            foreach (var (field, value) in fields)
            {
                t.WriteTag(field, WireFormat.WireType.Varint);
                t.WriteInt32(value);
            }
        }));
        output.WriteTag(3, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(Message(n =>
        {
            n.WriteTag(1, WireFormat.WireType.LengthDelimited);
            n.WriteString("identity");
            (int Field, bool Value)[] flags = [(3, true), (4, false), (5, true)]; // add_dummy_prefix, remove_extra_whitespaces, escape_whitespaces
            foreach (var (field, value) in flags)
            {
                n.WriteTag(field, WireFormat.WireType.Varint);
                n.WriteBool(value);
            }
        }));
        output.Flush();
        model.Position = 0;
        return Ml.LlamaTokenizer.Create(model, addBeginOfSentence: false, addEndOfSentence: false);
    }

    private static ByteString Message(Action<CodedOutputStream> write)
    {
        var buffer = new MemoryStream();
        var stream = new CodedOutputStream(buffer);
        write(stream);
        stream.Flush();
        return ByteString.CopyFrom(buffer.ToArray());
    }

    /// <summary>GGUF BERT vocabularies mark word starts with ▁ and drop "##"; vocab.txt is the other way round.</summary>
    private static Ml.Tokenizer WordPiece(GgufMetadata metadata)
    {
        var lines = metadata.GetArray(GgufKeys.Tokens).ToStringArray().Select(token =>
            token.StartsWith('[') && token.EndsWith(']') ? token : token.StartsWith('\u2581') ? token[1..] : "##" + token);
        var vocab = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
        return Ml.BertTokenizer.Create(vocab, new Ml.BertOptions
        {
            LowerCaseBeforeTokenization = true,
            RemoveNonSpacingMarks = true,
            IndividuallyTokenizeCjk = true,
        });
    }
}
