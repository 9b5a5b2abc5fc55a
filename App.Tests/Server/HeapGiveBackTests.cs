using EspWs.App.Server;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EspWs.App.Tests.Server;

/// <summary>When the memory many clients grew is given back: after enough releases and a quiet period, once, on the server's own clock.</summary>
public sealed class HeapGiveBackTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly HeapGiveBack _giveBack;
    private int _live;
    private int _collections;

    public HeapGiveBackTests()
    {
        _giveBack = new HeapGiveBack(_time, () => _live, NullLogger.Instance, () => _collections++);
    }

    public void Dispose() => _giveBack.Dispose();

    [Fact]
    public void Heap_is_given_back_once_the_count_has_stayed_low_for_the_quiet_period()
    {
        Storm(connected: 5_000, left: 5_000);

        Advance(HeapGiveBack.QuietPeriod - HeapGiveBack.CheckInterval);
        Assert.Equal(0, _collections);

        Advance(HeapGiveBack.CheckInterval * 2);
        Assert.Equal(1, _collections);
    }

    [Fact]
    public void Heap_is_given_back_once_per_drop()
    {
        Storm(connected: 5_000, left: 5_000);

        Advance(TimeSpan.FromMinutes(5));
        Release(0);
        Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(1, _collections);
    }

    [Fact]
    public void Fewer_releases_than_the_minimum_give_nothing_back()
    {
        Storm(connected: 64, left: 64);
        Storm(connected: HeapGiveBack.MinReleased, left: HeapGiveBack.MinReleased - 64 - 1);

        Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(0, _collections);
    }

    [Fact]
    public void Churn_at_a_low_count_is_given_back_once_it_stops()
    {
        // The default MaxClients of 64: the count never falls far, but 3 000 clients have come and gone.
        Churn(perSecond: 50, seconds: 60);
        Assert.Equal(0, _collections);

        Advance(HeapGiveBack.QuietPeriod + HeapGiveBack.CheckInterval);
        Assert.Equal(1, _collections);

        Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, _collections);
    }

    [Fact]
    public void Constant_churn_is_not_collected()
    {
        // A steady count, but twice the Jitter clients admitted in every quiet period: never quiet.
        int perSecond = 2 * HeapGiveBack.Jitter / (int)HeapGiveBack.QuietPeriod.TotalSeconds;
        Churn(perSecond, seconds: 3_600);

        Assert.Equal(0, _collections);
    }

    [Fact]
    public void Slow_churn_is_given_back_once_per_minimum_releases()
    {
        // A client every two seconds is quiet enough: each MinReleased of them are given back once.
        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < HeapGiveBack.MinReleased; i++)
            {
                Admit();
                Release(_live - 1);
                Advance(HeapGiveBack.CheckInterval * 2);
            }

            Advance(HeapGiveBack.QuietPeriod + HeapGiveBack.CheckInterval);
        }

        Assert.Equal(2, _collections);
    }

    [Fact]
    public void Count_still_falling_postpones_it_until_it_settles()
    {
        Storm(connected: 5_000, left: 1_000);
        for (int second = 0; second < 10; second++)
        {
            // Clients keep leaving, 300 a second: not quiet yet.
            _live -= 300;
            Advance(HeapGiveBack.CheckInterval);
        }

        Assert.Equal(0, _collections);
        Advance(HeapGiveBack.QuietPeriod + HeapGiveBack.CheckInterval);
        Assert.Equal(1, _collections);
    }

    [Fact]
    public void Clients_coming_and_going_a_few_at_a_time_do_not_postpone_it()
    {
        Storm(connected: 5_000, left: 4_990);
        for (int second = 0; second < 8; second++)
        {
            _live += second % 2 == 0 ? HeapGiveBack.Jitter : -HeapGiveBack.Jitter;
            Advance(HeapGiveBack.CheckInterval);
        }

        Assert.Equal(1, _collections);
    }

    [Fact]
    public void Crowd_that_comes_back_postpones_it_until_quiet_again()
    {
        Storm(connected: 5_000, left: 1_000);
        Advance(HeapGiveBack.CheckInterval);
        for (int i = 0; i < 1_000; i++)
        {
            Admit();
        }

        Advance(HeapGiveBack.QuietPeriod);
        Assert.Equal(0, _collections);

        Advance(HeapGiveBack.CheckInterval * 2);
        Assert.Equal(1, _collections);
    }

    [Fact]
    public void Nothing_is_given_back_after_dispose()
    {
        Storm(connected: 5_000, left: 5_000);

        _giveBack.Dispose();
        Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(0, _collections);
    }

    private void Storm(int connected, int left)
    {
        for (int i = 0; i < connected; i++)
        {
            Admit();
        }

        for (int i = 0; i < left; i++)
        {
            Release(_live - 1);
        }
    }

    // Clients connecting and closing one after another, spread over each second; the count stays at its level.
    private void Churn(int perSecond, int seconds)
    {
        for (int second = 0; second < seconds; second++)
        {
            for (int i = 0; i < perSecond; i++)
            {
                Admit();
                Release(_live - 1);
            }

            Advance(HeapGiveBack.CheckInterval);
        }
    }

    private void Admit()
    {
        _live++;
        _giveBack.OnAdmitted();
    }

    private void Release(int live)
    {
        _live = live;
        _giveBack.OnReleased();
    }

    // A step at a time, so the check timer fires at each of its ticks.
    private void Advance(TimeSpan by)
    {
        for (TimeSpan done = TimeSpan.Zero; done < by; done += HeapGiveBack.CheckInterval)
        {
            _time.Advance(HeapGiveBack.CheckInterval);
        }
    }
}
