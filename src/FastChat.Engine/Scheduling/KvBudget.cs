namespace FastChat.Engine.Scheduling;

/// <summary>
/// KV-cache bytes reserved by admitted sequences against a fixed budget. Reserved by the compute thread,
/// read from any thread.
/// </summary>
internal sealed class KvBudget(long budgetBytes)
{
    private long _used;

    public long BudgetBytes { get; } = budgetBytes;

    public long UsedBytes => Interlocked.Read(ref _used);

    public bool Fits(long bytes) => bytes <= BudgetBytes;

    public bool TryReserve(long bytes)
    {
        if (UsedBytes + bytes > BudgetBytes) return false;
        Interlocked.Add(ref _used, bytes);
        return true;
    }

    public void Release(long bytes) => Interlocked.Add(ref _used, -bytes);
}
