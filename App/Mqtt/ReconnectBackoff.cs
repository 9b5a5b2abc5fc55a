namespace EspWs.App.Mqtt;

/// <summary>How long to wait before the next attempt to reach the broker: quick at first, never longer than <c>Mqtt:ReconnectInterval</c>.</summary>
public static class ReconnectBackoff
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(250);

    /// <summary>The wait after <paramref name="failures"/> failed attempts in a row: doubling from 250 ms up to <paramref name="interval"/>, less up to a quarter at random.</summary>
    /// <remarks>The random part spreads a fleet that lost its broker at one instant over the interval, so it does not return in one wave.</remarks>
    public static TimeSpan Delay(int failures, TimeSpan interval)
    {
        double doubled = First.TotalMilliseconds * Math.Pow(2, Math.Clamp(failures - 1, 0, 30));
        double capped = Math.Min(doubled, interval.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (1 - (Random.Shared.NextDouble() / 4)));
    }
}
