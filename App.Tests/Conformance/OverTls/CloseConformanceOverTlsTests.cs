namespace EspWs.App.Tests.Conformance.OverTls;

/// <summary>Every case of <see cref="CloseConformanceTests"/>, over TLS.</summary>
public sealed class CloseConformanceOverTlsTests(TlsConformanceServerFixture fixture)
    : CloseConformanceTests(fixture), IClassFixture<TlsConformanceServerFixture>
{
}
