namespace EspWs.App.Tests.Conformance.OverTls;

/// <summary>Every case of <see cref="LimitsConformanceTests"/>, over TLS.</summary>
public sealed class LimitsConformanceOverTlsTests(TlsConformanceServerFixture fixture)
    : LimitsConformanceTests(fixture), IClassFixture<TlsConformanceServerFixture>
{
}
