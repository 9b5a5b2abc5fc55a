namespace EspWs.App.Tests.Boards.StandIns;

/// <summary>The boards the shared behaviour tests run on, by the name configuration gives each.</summary>
public static class BoardStandIns
{
    public static TheoryData<string> Names => ["simulated", "esp32", "linux-gpio"];

    public static IBoardStandIn Create(string name) => name switch
    {
        "simulated" => new SimulatedStandIn(),
        "esp32" => new Esp32StandIn(),
        "linux-gpio" => new LinuxGpioStandIn(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no stand-in for this board"),
    };
}
