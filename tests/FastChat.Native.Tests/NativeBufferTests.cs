namespace FastChat.Native.Tests;

/// <summary>
/// fc_buffer through its SafeHandle: aligned, zeroed, freed exactly once, unusable after disposal.
/// The live count is process-wide, so every test that allocates buffers runs in one sequential collection.
/// </summary>
[Collection(NativeBufferCollection.Name)]
public sealed class NativeBufferTests
{
    [Fact]
    public void AllocateWriteDispose()
    {
        var before = NativeBuffer.LiveCount;
        using (var buffer = NativeBuffer.Allocate(4096, alignment: 128))
        {
            Assert.Equal(before + 1, NativeBuffer.LiveCount);
            Assert.Equal(4096, buffer.Size);
            Assert.Equal(0, buffer.Pointer % 128);
            var floats = buffer.AsSpan<float>();
            Assert.Equal(1024, floats.Length);
            Assert.All(floats.ToArray(), f => Assert.Equal(0f, f));
            floats.Fill(1.5f);
            Assert.Equal(1.5f, buffer.AsSpan<float>()[1023]);
        }
        Assert.Equal(before, NativeBuffer.LiveCount);
    }

    [Fact]
    public void DisposeTwiceFreesOnceAndUseAfterDisposeThrows()
    {
        var before = NativeBuffer.LiveCount;
        var buffer = NativeBuffer.Allocate(16);
        buffer.Dispose();
        buffer.Dispose();
        Assert.Equal(before, NativeBuffer.LiveCount);
        Assert.True(buffer.IsClosed);
        Assert.Throws<ObjectDisposedException>(() => buffer.Size);
        Assert.Throws<ObjectDisposedException>(() => buffer.AsSpan<byte>().Length);
    }

    [Fact]
    public void FinalizerFreesForgottenBuffers()
    {
        var before = NativeBuffer.LiveCount;
        AllocateAndForget(32);
        for (var i = 0; i < 10 && NativeBuffer.LiveCount != before; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.Equal(before, NativeBuffer.LiveCount);
    }

    [Fact]
    public void BadArgumentsAreExceptionsWithTheNativeMessage()
    {
        var before = NativeBuffer.LiveCount;
        var error = Assert.Throws<FastChatNativeException>(() => NativeBuffer.Allocate(64, alignment: 24));
        Assert.Contains("alignment 24 is not a power of two", error.Message);
        Assert.Throws<FastChatNativeException>(() => NativeBuffer.Allocate(long.MaxValue - 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => NativeBuffer.Allocate(-1));
        Assert.Equal(before, NativeBuffer.LiveCount);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void AllocateAndForget(int count)
    {
        for (var i = 0; i < count; i++) NativeBuffer.Allocate(1024);
    }
}

/// <summary>Tests that allocate <see cref="NativeBuffer"/>s run one at a time: the live count they check is process-wide.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeBufferCollection
{
    public const string Name = "native buffers";
}
