namespace EspWs.App.Tests.Conformance.OverTls;

/// <summary>Every case of <see cref="FragmentationViolationConformanceTests"/>, over TLS.</summary>
public sealed class FragmentationViolationConformanceOverTlsTests(TlsConformanceServerFixture fixture)
    : FragmentationViolationConformanceTests(fixture), IClassFixture<TlsConformanceServerFixture>
{
}
