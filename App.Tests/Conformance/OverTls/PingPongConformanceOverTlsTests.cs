namespace EspWs.App.Tests.Conformance.OverTls;

/// <summary>Every case of <see cref="PingPongConformanceTests"/>, over TLS.</summary>
public sealed class PingPongConformanceOverTlsTests(TlsConformanceServerFixture fixture)
    : PingPongConformanceTests(fixture), IClassFixture<TlsConformanceServerFixture>
{
}
