using System.Runtime.CompilerServices;
using EspWs.App.Mqtt;

namespace EspWs.App.Configuration;

/// <summary>The checks of the <c>Mqtt</c> TLS keys that look beyond their values: the files load, and they are not set for a plain link.</summary>
internal static class MqttTlsSettingsCheck
{
    /// <summary>Adds one line to <paramref name="errors"/> for each TLS key of <paramref name="mqtt"/> that cannot be used, and to <paramref name="warnings"/> for what the user should know.</summary>
    public static void Check(MqttSettings mqtt, DateTimeOffset now, List<string> errors, List<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(mqtt);
        string[] given = [.. new[] { ("Mqtt:CaFile", mqtt.CaFile), ("Mqtt:ClientCertificatePath", mqtt.ClientCertificatePath), ("Mqtt:ClientKeyPath", mqtt.ClientKeyPath) }
            .Where(key => key.Item2.Length > 0).Select(key => key.Item1)];
        if (mqtt.Host.Length == 0 || given.Length == 0)
        {
            return;
        }

        if (!mqtt.UseTls)
        {
            errors.Add($"{string.Join(" and ", given)} only apply to TLS: set Mqtt:UseTls=true (and Mqtt:Port to the broker's TLS listener, 8883 by convention), or remove them.");
            return;
        }

        CheckFiles(mqtt, now, errors, warnings);
    }

    // A method of its own, compiled only when TLS files are set: compiling it loads the certificate collection types
    // (and System.Collections.NonGeneric under them), which a device without MQTT over TLS never needs
    // (docs/performance.md, the idle process).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CheckFiles(MqttSettings mqtt, DateTimeOffset now, List<string> errors, List<string> warnings)
    {
        if (mqtt.CaFile.Length > 0)
        {
            var authorities = MqttTlsFiles.LoadCa(mqtt.CaFile, out string? caError);
            if (caError is not null)
            {
                errors.Add(caError);
            }

            foreach (var expired in authorities?.Where(ca => ca.NotAfter.ToUniversalTime() < now.UtcDateTime) ?? [])
            {
                warnings.Add($"Mqtt:CaFile = '{mqtt.CaFile}' holds a CA certificate that expired on {expired.NotAfter.ToUniversalTime():yyyy-MM-dd} ({expired.Subject}): no broker certificate chains to it now.");
            }
        }

        if (mqtt.ClientCertificatePath.Length == 0 && mqtt.ClientKeyPath.Length > 0)
        {
            errors.Add($"Mqtt:ClientKeyPath = '{mqtt.ClientKeyPath}' needs Mqtt:ClientCertificatePath, the PEM certificate that goes with the key.");
        }
        else if (mqtt.ClientCertificatePath.Length > 0)
        {
            using var client = MqttTlsFiles.LoadClientCertificate(mqtt, out string? clientError);
            if (client is null)
            {
                errors.Add(clientError!);
            }
            else if (client.NotAfter.ToUniversalTime() < now.UtcDateTime)
            {
                errors.Add($"Mqtt:ClientCertificatePath = '{mqtt.ClientCertificatePath}' is not allowed: the certificate expired on {client.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC; the broker would refuse it.");
            }
        }
    }
}
