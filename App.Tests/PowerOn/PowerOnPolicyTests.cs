using EspWs.App.Configuration;
using EspWs.App.Control;
using EspWs.App.PowerOn;

namespace EspWs.App.Tests.PowerOn;

public class PowerOnPolicyTests
{
    [Theory]
    [InlineData(LedPowerOnState.Last, true, true, 7)]
    [InlineData(LedPowerOnState.Last, false, false, 7)]
    [InlineData(LedPowerOnState.On, true, true, 7)]
    [InlineData(LedPowerOnState.On, false, true, 8)]
    [InlineData(LedPowerOnState.Off, true, false, 8)]
    [InlineData(LedPowerOnState.Off, false, false, 7)]
    public void Start_state_follows_the_policy_and_seq_goes_on(LedPowerOnState policy, bool keptOn, bool expectedOn, long expectedSeq)
    {
        LedState start = PowerOnPolicy.Decide(policy, new LedState(keptOn, 7));

        Assert.Equal(new LedState(expectedOn, expectedSeq), start);
    }

    [Theory]
    [InlineData(LedPowerOnState.Last, false, 0)]
    [InlineData(LedPowerOnState.Off, false, 0)]
    [InlineData(LedPowerOnState.On, true, 1)]
    public void Nothing_kept_counts_as_off_at_seq_0(LedPowerOnState policy, bool expectedOn, long expectedSeq)
    {
        Assert.Equal(new LedState(expectedOn, expectedSeq), PowerOnPolicy.Decide(policy, kept: null));
    }

    [Theory]
    [InlineData(LedPowerOnState.Last)]
    [InlineData(LedPowerOnState.On)]
    [InlineData(LedPowerOnState.Off)]
    public void The_kept_brightness_comes_back_whatever_the_policy(LedPowerOnState policy)
    {
        Assert.Equal(40, PowerOnPolicy.Decide(policy, new LedState(true, 7, 40)).Brightness);
    }
}
