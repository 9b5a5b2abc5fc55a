namespace EspWs.App.Tests.Conformance.OverTls;

/// <summary>Every case of <see cref="FramingConformanceTests"/>, over TLS.</summary>
public sealed class FramingConformanceOverTlsTests(TlsConformanceServerFixture fixture)
    : FramingConformanceTests(fixture), IClassFixture<TlsConformanceServerFixture>
{
}
