using FastChat.Gguf;
using FastChat.Quantization.Tokenizers;
using FastChat.Tests;

namespace FastChat.Quantization.Tests;

public sealed class SentencePieceModelTests
{
    [Fact]
    public void APieceHasTheProtobufEncodingOfModelProto()
    {
        var model = new SentencePieceModel { Pieces = [new SentencePiece("a"u8.ToArray(), 0.5f, 3)] };
        var bytes = model.Write();
        // field 1 (pieces), length 10: field 1 "a", field 2 fixed32 0.5f, field 3 varint 3.
        Assert.Equal(new byte[] { 0x0A, 0x0A, 0x0A, 0x01, (byte)'a', 0x15, 0x00, 0x00, 0x00, 0x3F, 0x18, 0x03 }, bytes[..12]);
    }

    [Fact]
    public void TheLlama2VocabularyRoundTrips()
    {
        using var gguf = GgufFile.Open(SharedData.Model("llama-2-tiny-random.gguf"));
        var vocabulary = GgufVocabulary.FromMetadata(gguf.Metadata);
        var pieces = vocabulary.Tokens.Select((t, i) => new SentencePiece(System.Text.Encoding.UTF8.GetBytes(t), vocabulary.Scores![i], vocabulary.TokenTypes[i])).ToList();
        var model = new SentencePieceModel { Pieces = pieces, UnknownId = 0, BosId = 1, EosId = 2, PadId = -1, ByteFallback = true };
        var read = SentencePieceModel.Read(model.Write());
        Assert.Equal(32000, read.Pieces.Count);
        Assert.Equal(pieces.Select(p => Convert.ToHexString(p.Piece)), read.Pieces.Select(p => Convert.ToHexString(p.Piece)));
        Assert.Equal(pieces.Select(p => (p.Score, p.Type)), read.Pieces.Select(p => (p.Score, p.Type)));
        Assert.Equal((0, 1, 2, -1, true), (read.UnknownId, read.BosId, read.EosId, read.PadId, read.ByteFallback));
    }

    [Theory]
    [InlineData(new byte[] { 0x0A, 0x05, 0x0A, 0x01 })]         // piece runs past the end
    [InlineData(new byte[] { 0x0A, 0x02, 0x18, 0x09 })]         // piece type 9
    [InlineData(new byte[] { 0x0B })]                           // wire type 3 (groups)
    [InlineData(new byte[] { 0x12, 0x00 })]                     // no pieces
    public void MalformedModelsAreRejected(byte[] bytes) =>
        Assert.Throws<ModelConversionException>(() => SentencePieceModel.Read(bytes));
}
