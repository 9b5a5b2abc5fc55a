namespace EspWs.App.Control;

/// <summary>What one queued piece of the LED controller's work does once its turn comes.</summary>
internal enum LedWorkKind
{
    /// <summary>Write the LED (or start its fade), tell every client the new state, raise <see cref="LedController.Changed"/>.</summary>
    Change,

    /// <summary>Tell the sender alone the state (and the outage, if there is one): nothing changed.</summary>
    Reply,

    /// <summary>Tell the sender alone why its command was refused: nothing changed.</summary>
    Refusal,

    /// <summary>Tell every client of a press of the button and raise <see cref="LedController.ButtonPressed"/>.</summary>
    Press,

    /// <summary>Tell every client the board's link is lost.</summary>
    LinkLost,

    /// <summary>Write the LED as last told, then tell every client the link is up and the state.</summary>
    LinkRestored,

    /// <summary>Write the state kept from an earlier run and raise <see cref="LedController.Changed"/>; no client is told.</summary>
    PowerOn,
}
