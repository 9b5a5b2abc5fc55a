namespace EspWs.App.Tests.Conformance;

/// <summary>The conformance server speaking TLS, with a certificate the cases' client pins: the suite's cases, over wss://.</summary>
public sealed class TlsConformanceServerFixture : ConformanceServerFixture
{
    public TlsConformanceServerFixture()
        : base(overTls: true)
    {
    }
}
