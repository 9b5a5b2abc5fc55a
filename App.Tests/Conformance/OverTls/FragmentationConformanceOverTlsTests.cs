namespace EspWs.App.Tests.Conformance.OverTls;

/// <summary>Every case of <see cref="FragmentationConformanceTests"/>, over TLS.</summary>
public sealed class FragmentationConformanceOverTlsTests(TlsConformanceServerFixture fixture)
    : FragmentationConformanceTests(fixture), IClassFixture<TlsConformanceServerFixture>
{
}
