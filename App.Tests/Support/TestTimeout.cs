namespace EspWs.App.Tests.Support;

/// <summary>Every network wait in the tests is bounded by this, so a hung socket fails a test instead of hanging CI.</summary>
public static class TestTimeout
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(10);

    public static CancellationToken Token(TimeSpan? timeout = null) => new CancellationTokenSource(timeout ?? Default).Token;

    /// <summary>Polls <paramref name="condition"/> until true or the timeout; returns whether it became true.</summary>
    public static async Task<bool> Until(Func<bool> condition, TimeSpan? timeout = null)
    {
        long deadline = Environment.TickCount64 + (long)(timeout ?? Default).TotalMilliseconds;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }
}
