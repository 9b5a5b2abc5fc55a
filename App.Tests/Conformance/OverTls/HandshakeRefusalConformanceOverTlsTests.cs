namespace EspWs.App.Tests.Conformance.OverTls;

/// <summary>Every case of <see cref="HandshakeRefusalConformanceTests"/>, over TLS.</summary>
public sealed class HandshakeRefusalConformanceOverTlsTests(TlsConformanceServerFixture fixture)
    : HandshakeRefusalConformanceTests(fixture), IClassFixture<TlsConformanceServerFixture>
{
}
