namespace EspWs.App.Tests.Conformance.OverTls;

/// <summary>Every case of <see cref="Utf8ConformanceTests"/>, over TLS.</summary>
public sealed class Utf8ConformanceOverTlsTests(TlsConformanceServerFixture fixture)
    : Utf8ConformanceTests(fixture), IClassFixture<TlsConformanceServerFixture>
{
}
