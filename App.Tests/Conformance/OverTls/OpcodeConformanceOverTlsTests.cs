namespace EspWs.App.Tests.Conformance.OverTls;

/// <summary>Every case of <see cref="OpcodeConformanceTests"/>, over TLS.</summary>
public sealed class OpcodeConformanceOverTlsTests(TlsConformanceServerFixture fixture)
    : OpcodeConformanceTests(fixture), IClassFixture<TlsConformanceServerFixture>
{
}
