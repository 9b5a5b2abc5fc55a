using System.Security.Authentication;

namespace EspWs.App.Mqtt;

/// <summary>The broker's certificate was refused; the message names the cause and the setting that fixes it.</summary>
public sealed class MqttBrokerCertificateRejectedException : AuthenticationException
{
    /// <summary>Creates the refusal with <paramref name="message"/>, the cause and the key.</summary>
    public MqttBrokerCertificateRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the refusal with no message.</summary>
    public MqttBrokerCertificateRejectedException()
    {
    }

    /// <summary>Creates the refusal with <paramref name="message"/> and the exception that caused it.</summary>
    public MqttBrokerCertificateRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
