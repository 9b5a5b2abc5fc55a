namespace EspWs.App.Configuration;

/// <summary>Whether the broker's certificate is checked for revocation (<c>Mqtt:RevocationCheck</c>).</summary>
public enum MqttRevocationCheck
{
    /// <summary>No check when <c>Mqtt:CaFile</c> is set (a home CA publishes no revocation list), online otherwise.</summary>
    Auto,

    /// <summary>No revocation check.</summary>
    NoCheck,

    /// <summary>Fetches the CA's revocation list or OCSP answer; a certificate whose status cannot be learned is refused.</summary>
    Online,

    /// <summary>Uses only revocation lists already cached on this machine.</summary>
    Offline,
}
