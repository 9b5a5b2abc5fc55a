namespace EspWs.App.Tests.Support;

/// <summary>Runs a blocking client on a thread of its own, so it never starves the server's thread pool, and counts what that thread allocated.</summary>
public static class OwnThread
{
    /// <summary>Runs <paramref name="action"/> on a new background thread; the task gives the bytes that thread allocated.</summary>
    public static Task<long> RunAsync(Action action)
    {
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                action();
                done.SetResult(GC.GetAllocatedBytesForCurrentThread() - before);
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        { IsBackground = true };
        thread.Start();
        return done.Task.WaitAsync(TestTimeout.Default);
    }
}
