using EspWs.App.Configuration;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Configuration;

public class SettingKeyCatalogTests
{
    private static readonly SettingKeyCatalog Catalog = AppConfigurationLoader.Catalog;

    [Theory]
    [InlineData("Server:Port", "Value", typeof(int))]
    [InlineData("server:handshaketimeout", "Value", typeof(TimeSpan))]
    [InlineData("Server:SubProtocols:3", "Value", typeof(string))]
    [InlineData("Logging:LogLevel:EspWs.App", "Value", typeof(Microsoft.Extensions.Logging.LogLevel))]
    [InlineData("Server", "Section", null)]
    [InlineData("Server:SubProtocols", "Section", null)]
    [InlineData("Logging:Console:FormatterOptions:SingleLine", "PassThrough", null)]
    [InlineData("Server:Prot", "Unknown", null)]
    [InlineData("Server:SubProtocols:first", "Unknown", null)]
    [InlineData("Server:Port:Extra", "Unknown", null)]
    [InlineData("Securty", "Unknown", null)]
    [InlineData("Security", "Section", null)]
    public void Key_is_classified_from_the_settings_classes(string key, string kind, Type? valueType)
    {
        Assert.Equal(Enum.Parse<SettingKeyKind>(kind), Catalog.Classify(key, out var actualType));
        Assert.Equal(valueType, actualType);
    }

    [Fact]
    public void Every_key_is_documented_in_configuration_md()
    {
        var documentation = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "docs", "configuration.md"));

        var undocumented = Catalog.Keys.Where(key => !documentation.Contains("`" + key, StringComparison.Ordinal)).ToList();

        Assert.Empty(undocumented);
    }
}
