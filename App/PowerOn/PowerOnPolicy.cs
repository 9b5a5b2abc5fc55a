using EspWs.App.Configuration;
using EspWs.App.Control;

namespace EspWs.App.PowerOn;

/// <summary>Decides the state the LED starts in from <c>Led:PowerOnState</c> and the state kept from the last run.</summary>
public static class PowerOnPolicy
{
    /// <summary>
    /// Returns the LED's state at start: its level from <paramref name="policy"/> (the kept level for Last, off when
    /// none is kept), and a <c>seq</c> that goes on from the kept one, one higher when the level differs from it, so
    /// that no <c>seq</c> a client has seen ever names another state.
    /// </summary>
    public static LedState Decide(LedPowerOnState policy, LedState? kept)
    {
        LedState last = kept ?? new LedState(false, 0);
        bool on = policy switch
        {
            LedPowerOnState.On => true,
            LedPowerOnState.Off => false,
            _ => last.IsOn,
        };
        return on == last.IsOn ? last : last with { IsOn = on, Sequence = last.Sequence + 1 };
    }
}
