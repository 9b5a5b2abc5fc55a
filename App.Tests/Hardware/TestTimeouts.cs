namespace EspWs.App.Tests.Hardware;

/// <summary>How long a hardware test waits for a task before failing instead of hanging.</summary>
internal static class TestTimeouts
{
    public static readonly TimeSpan Await = TimeSpan.FromSeconds(5);
}
