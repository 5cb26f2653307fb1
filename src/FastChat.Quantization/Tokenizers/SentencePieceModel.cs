using System.Text;

namespace FastChat.Quantization.Tokenizers;

/// <summary>One vocabulary entry of a sentencepiece model: piece text (UTF-8 bytes), score and type (the GGUF token type values).</summary>
public readonly record struct SentencePiece(byte[] Piece, float Score, int Type);

/// <summary>
/// A sentencepiece tokenizer.model (the ModelProto protobuf), reduced to what GGUF conversion needs: the pieces
/// with scores and types (NORMAL=1, UNKNOWN=2, CONTROL=3, USER_DEFINED=4, UNUSED=5, BYTE=6), the special ids of
/// the trainer spec and whether byte fallback is on. Read and written with hand-coded wire format; other fields
/// are skipped on read.
/// </summary>
public sealed class SentencePieceModel
{
    public const int Normal = 1;

    public required IReadOnlyList<SentencePiece> Pieces { get; init; }

    public int UnknownId { get; init; }
    public int BosId { get; init; } = 1;
    public int EosId { get; init; } = 2;
    public int PadId { get; init; } = -1;
    public bool ByteFallback { get; init; }

    // ModelProto: 1 pieces, 2 trainer_spec, 3 normalizer_spec. SentencePiece: 1 piece, 2 score, 3 type.
    // TrainerSpec: 3 model_type, 35 byte_fallback, 40 unk_id, 41 bos_id, 42 eos_id, 43 pad_id.
    // NormalizerSpec: 1 name, 3 add_dummy_prefix, 4 remove_extra_whitespaces, 5 escape_whitespaces.

    public static SentencePieceModel Read(ReadOnlySpan<byte> data, string what = "tokenizer.model")
    {
        var pieces = new List<SentencePiece>();
        int unk = 0, bos = 1, eos = 2, pad = -1;
        var byteFallback = false;
        var reader = new ProtoReader(data, what);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 1 && wire == 2) pieces.Add(ReadPiece(reader.ReadBytes(), what, pieces.Count));
            else if (field == 2 && wire == 2)
            {
                var trainer = new ProtoReader(reader.ReadBytes(), what + " trainer_spec");
                while (!trainer.AtEnd)
                {
                    var (f, w) = trainer.ReadTag();
                    if (w != 0) trainer.Skip(w);
                    else
                    {
                        var value = (int)(long)trainer.ReadVarint();
                        switch (f)
                        {
                            case 35: byteFallback = value != 0; break;
                            case 40: unk = value; break;
                            case 41: bos = value; break;
                            case 42: eos = value; break;
                            case 43: pad = value; break;
                        }
                    }
                }
            }
            else reader.Skip(wire);
        }
        if (pieces.Count == 0) throw new ModelConversionException($"{what}: no pieces");
        return new SentencePieceModel { Pieces = pieces, UnknownId = unk, BosId = bos, EosId = eos, PadId = pad, ByteFallback = byteFallback };
    }

    public byte[] Write()
    {
        var model = new ProtoWriter();
        foreach (var piece in Pieces)
        {
            var entry = new ProtoWriter();
            entry.WriteBytesField(1, piece.Piece);
            entry.WriteFloatField(2, piece.Score);
            if (piece.Type != Normal) entry.WriteVarintField(3, (ulong)piece.Type);
            model.WriteBytesField(1, entry.ToArray());
        }
        var trainer = new ProtoWriter();
        trainer.WriteVarintField(3, 2); // model_type BPE, as Llama's tokenizer.model says
        trainer.WriteVarintField(35, ByteFallback ? 1UL : 0UL);
        trainer.WriteVarintField(40, (ulong)(long)UnknownId);
        trainer.WriteVarintField(41, (ulong)(long)BosId);
        trainer.WriteVarintField(42, (ulong)(long)EosId);
        trainer.WriteVarintField(43, (ulong)(long)PadId);
        model.WriteBytesField(2, trainer.ToArray());
        var normalizer = new ProtoWriter();
        normalizer.WriteBytesField(1, Encoding.UTF8.GetBytes("identity"));
        normalizer.WriteVarintField(3, 1);
        normalizer.WriteVarintField(4, 0);
        normalizer.WriteVarintField(5, 1);
        model.WriteBytesField(3, normalizer.ToArray());
        return model.ToArray();
    }

    private static SentencePiece ReadPiece(ReadOnlySpan<byte> data, string what, int index)
    {
        var reader = new ProtoReader(data, $"{what} piece {index}");
        byte[]? piece = null;
        float score = 0;
        var type = Normal;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 1 && wire == 2) piece = reader.ReadBytes().ToArray();
            else if (field == 2 && wire == 5) score = reader.ReadFloat();
            else if (field == 3 && wire == 0) type = (int)reader.ReadVarint();
            else reader.Skip(wire);
        }
        if (type is < 1 or > 6) throw new ModelConversionException($"{what}: piece {index} has unknown type {type}");
        return new SentencePiece(piece ?? throw new ModelConversionException($"{what}: piece {index} has no text"), score, type);
    }
}
