namespace EspWs.App.Web;

/// <summary>Tells <c>GET /status</c> how the device is doing right now; the HTTP side knows nothing of LEDs or boards.</summary>
public interface IStatusSource
{
    /// <summary>Returns the device's status as of this moment; cheap enough to call on every request.</summary>
    DeviceStatus Read();
}
