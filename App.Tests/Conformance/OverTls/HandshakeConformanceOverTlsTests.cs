namespace EspWs.App.Tests.Conformance.OverTls;

/// <summary>Every case of <see cref="HandshakeConformanceTests"/>, over TLS.</summary>
public sealed class HandshakeConformanceOverTlsTests(TlsConformanceServerFixture fixture)
    : HandshakeConformanceTests(fixture), IClassFixture<TlsConformanceServerFixture>
{
}
