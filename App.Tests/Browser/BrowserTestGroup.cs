namespace EspWs.App.Tests.Browser;

/// <summary>The browser tests share one Chromium and run one at a time: two cores do not want several browsers at once.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserTestGroup : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "Browser";
}
