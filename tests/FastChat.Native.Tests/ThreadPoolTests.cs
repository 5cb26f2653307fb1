namespace FastChat.Native.Tests;

public sealed class ThreadPoolTests
{
    [Fact]
    public void CreateReportDispose()
    {
        using var pool = NativeThreadPool.Create(2);
        Assert.Equal(2, pool.ThreadCount);
        pool.Dispose();
        Assert.Throws<ObjectDisposedException>(() => pool.ThreadCount);
    }

    [Fact]
    public void InvalidSizesAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NativeThreadPool.Create(0));
        var error = Assert.Throws<FastChatNativeException>(() => NativeThreadPool.Create(100_000));
        Assert.Contains("1 to 256", error.Message);
    }

    [Fact]
    public void KernelLevelCannotExceedTheCpu()
    {
        Assert.True(KernelDispatch.Current <= KernelDispatch.Maximum);
        Assert.Throws<ArgumentException>(() => KernelDispatch.Current = (KernelLevel)7);
    }
}
