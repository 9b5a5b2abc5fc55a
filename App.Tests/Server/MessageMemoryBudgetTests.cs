using System.Net;
using EspWs.App.Configuration;
using EspWs.App.Server;
using EspWs.App.Server.Connections;
using Microsoft.Extensions.Time.Testing;

namespace EspWs.App.Tests.Server;

/// <summary>
/// What a message holds and where: small messages in the connection's reserve, larger ones charged to the budget
/// exactly, one address at most a quarter of it, large arrays kept as spares within it; and the data-rate deadline of a
/// message that holds budget.
/// </summary>
public class MessageMemoryBudgetTests
{
    private const int Capacity = 1024 * 1024;
    private static readonly IPAddress First = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Second = IPAddress.Parse("127.0.0.3");

    private readonly MessageMemoryBudget _budget = new(Capacity);

    [Fact]
    public void Small_message_is_held_outside_the_budget()
    {
        using MessageBuffer message = NewMessage(First);

        Assert.True(message.TryReserve(MessageBuffer.ReservedPayloadBytes));

        Assert.False(message.HoldsBudget);
        Assert.Equal(0, _budget.InUse);
    }

    [Theory]
    [InlineData(5_000, 8_192)]
    [InlineData(60_000, 65_536)]
    [InlineData(100_000, 100_014)]
    [InlineData(262_130, 262_144)]
    public void Larger_message_is_charged_what_it_holds_until_reset(int payload, long held)
    {
        using MessageBuffer message = NewMessage(First);

        Assert.True(message.TryReserve(payload));
        Assert.True(message.HoldsBudget);
        Assert.Equal(held, _budget.InUse);
        Assert.Equal(held, message.Array.Length);

        message.Reset();
        Assert.Equal(0, _budget.InUse);
    }

    [Fact]
    public void Message_larger_than_an_address_share_is_refused()
    {
        using MessageBuffer message = NewMessage(First);

        Assert.Null(message.TryReserve(_budget.AddressShare));
        Assert.Equal(0, _budget.InUse);
    }

    [Fact]
    public async Task Address_over_its_share_waits_while_another_address_is_served()
    {
        using MessageBuffer holding = NewMessage(First);
        using MessageBuffer waiting = NewMessage(First);
        using MessageBuffer other = NewMessage(Second);
        Assert.True(holding.TryReserve(200_000));

        Assert.False(waiting.TryReserve(100_000));
        Task wakes = waiting.WhenReservableAsync(100_000, CancellationToken.None);
        Assert.True(other.TryReserve(200_000));
        Assert.False(wakes.IsCompleted);

        holding.Reset();
        await wakes.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(waiting.TryReserve(100_000));
        Assert.Equal(200_014 + 100_014, _budget.InUse);
    }

    [Fact]
    public void Large_array_given_back_is_kept_as_a_spare_for_the_next_large_message()
    {
        using MessageBuffer first = NewMessage(First);
        using MessageBuffer next = NewMessage(Second);
        Assert.True(first.TryReserve(200_000));
        byte[] array = first.Array;

        first.Reset();
        Assert.Equal(0, _budget.InUse);
        Assert.Equal(200_014, _budget.SpareBytes);

        // A message a little smaller takes it; the charge is what it holds.
        Assert.True(next.TryReserve(180_000));
        Assert.Same(array, next.Array);
        Assert.Equal(200_014, _budget.InUse);
        Assert.Equal(0, _budget.SpareBytes);
    }

    [Fact]
    public void Spares_count_against_the_budget_and_are_dropped_for_a_message_of_another_size()
    {
        var messages = Enumerable.Range(0, 4).Select(i => NewMessage(IPAddress.Parse($"127.0.1.{i}"))).ToList();
        Assert.All(messages, m => Assert.True(m.TryReserve(200_000)));
        messages.ForEach(m => m.Reset());

        Assert.Equal(4 * 200_014, _budget.SpareBytes);

        // Too large for any spare: spares are dropped until the new array fits, and the total never passes the budget.
        using MessageBuffer large = NewMessage(Second);
        Assert.True(large.TryReserve(_budget.AddressShare - MessageBuffer.HeaderRoom));
        Assert.Equal(_budget.AddressShare, _budget.InUse);
        Assert.True(_budget.InUse + _budget.SpareBytes <= Capacity);
        Assert.Equal(3 * 200_014, _budget.SpareBytes);
    }

    [Fact]
    public void Spares_are_trimmed_once_no_message_held_budget_for_a_whole_tick()
    {
        using MessageBuffer message = NewMessage(First);
        Assert.True(message.TryReserve(200_000));
        message.Reset();

        // The tick in which a message held budget keeps the spares for the next one.
        Assert.Equal(0, _budget.TrimSpares());
        Assert.Equal(200_014, _budget.SpareBytes);

        Assert.Equal(200_014, _budget.TrimSpares());
        Assert.Equal(0, _budget.SpareBytes);
        Assert.Equal(0, _budget.InUse);

        // While a message holds budget, nothing is trimmed.
        Assert.True(message.TryReserve(200_000));
        Assert.Equal(0, _budget.TrimSpares());
        Assert.Equal(0, _budget.TrimSpares());
        Assert.Equal(200_014, _budget.InUse);
    }

    [Fact]
    public void Message_that_stops_arriving_is_due_one_grace_period_after_its_last_byte()
    {
        var time = new FakeTimeProvider();
        var settings = new ServerSettings();
        var deadlines = new ConnectionDeadlines(time);
        deadlines.WatchMessageRate(settings);

        // Bytes sent early buy no more than the grace period.
        deadlines.MessageBytesReceived(960 * 1024, settings);
        time.Advance(settings.MessageDataRateGracePeriod - TimeSpan.FromMilliseconds(1));
        Assert.Equal(DeadlineVerdict.None, deadlines.Check(time.GetTimestamp(), settings));

        time.Advance(TimeSpan.FromMilliseconds(2));
        Assert.Equal(DeadlineVerdict.MessageTooSlow, deadlines.Check(time.GetTimestamp(), settings));

        deadlines.StopMessageRateWatch();
        Assert.Equal(DeadlineVerdict.None, deadlines.Check(time.GetTimestamp(), settings));
    }

    [Fact]
    public void Message_arriving_at_the_minimum_rate_is_never_due()
    {
        var time = new FakeTimeProvider();
        var settings = new ServerSettings();
        var deadlines = new ConnectionDeadlines(time);
        deadlines.WatchMessageRate(settings);

        for (int second = 0; second < 60; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            deadlines.MessageBytesReceived(settings.MinMessageDataRate, settings);
            Assert.Equal(DeadlineVerdict.None, deadlines.Check(time.GetTimestamp(), settings));
        }
    }

    private MessageBuffer NewMessage(IPAddress owner) => new(1024, Capacity, _budget, owner);
}
