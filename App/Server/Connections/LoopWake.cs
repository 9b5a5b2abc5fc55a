namespace EspWs.App.Server.Connections;

/// <summary>
/// How other threads reach a connection's loop: they post a <see cref="WakeRequest"/> and cancel the token the loop's
/// receive waits on; the loop takes the request when it wakes.
/// </summary>
// Not IDisposable: the connection disposes it in its release, once the loop no longer runs.
#pragma warning disable CA1001
internal sealed class LoopWake
#pragma warning restore CA1001
{
    private readonly CancellationToken _abort;
    private CancellationTokenSource _source;
    private int _request;

    /// <summary>Creates the wake of a loop that <paramref name="abort"/> also wakes, for good.</summary>
    public LoopWake(CancellationToken abort)
    {
        _abort = abort;
        _source = CancellationTokenSource.CreateLinkedTokenSource(abort);
    }

    /// <summary>Cancelled when a request is posted or the connection is cut.</summary>
    public CancellationToken Token => Volatile.Read(ref _source).Token;

    /// <summary>Posts <paramref name="request"/> unless a higher one waits, and wakes the loop. Safe from any thread.</summary>
    public void Post(WakeRequest request)
    {
        int current;
        do
        {
            current = Volatile.Read(ref _request);
            if (current >= (int)request)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _request, (int)request, current) != current);

        try
        {
            Volatile.Read(ref _source).Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The loop replaced the source meanwhile; it reads the request when it next looks.
        }
    }

    /// <summary>Takes the posted request; the loop calls it once woken, and re-arms first so a later request is never lost.</summary>
    public WakeRequest Take()
    {
        CancellationTokenSource old = _source;
        Volatile.Write(ref _source, CancellationTokenSource.CreateLinkedTokenSource(_abort));
        old.Dispose();
        return (WakeRequest)Interlocked.Exchange(ref _request, (int)WakeRequest.None);
    }

    /// <summary>Disposes the token source; only once the loop no longer runs.</summary>
    public void Release() => _source.Dispose();
}
