namespace EspWs.App.Tests.Conformance.OverTls;

/// <summary>Every case of <see cref="ReservedBitsConformanceTests"/>, over TLS.</summary>
public sealed class ReservedBitsConformanceOverTlsTests(TlsConformanceServerFixture fixture)
    : ReservedBitsConformanceTests(fixture), IClassFixture<TlsConformanceServerFixture>
{
}
