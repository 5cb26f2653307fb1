using FastChat.Data;
using FastChat.Data.IO;
using FastChat.Engine.Tokenization;
using FastChat.Tests;
using FastChat.Training.Datasets;
using FastChat.Training.Preprocessing;

namespace FastChat.Training.Tests;

/// <summary>stories260K, its tokenizer, and a small SFT set from the dummy conversations (short single rounds).</summary>
internal static class ModelFixture
{
    public static readonly string Stories = SharedData.Model("stories260K.gguf");
    public static readonly Tokenizer Tokenizer = TokenizerFactory.Create(Stories);

    public static SupervisedDataset SmallDataset(int count = 16, int maxLength = 256)
    {
        var conversations = DatasetReader.Read(SharedData.Path("fastchat-data", "dummy_conversation.json"), new DataReport())
            .Select(s => s.WithTurns(s.Conversations.Take(2).ToList()))
            .Take(count)
            .ToList();
        return new SupervisedDataset(conversations, new SupervisedPreprocessor(Tokenizer, modelMaxLength: maxLength, warn: _ => { }));
    }
}
