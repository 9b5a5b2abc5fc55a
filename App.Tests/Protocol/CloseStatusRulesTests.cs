using EspWs.App.Server.Protocol;

namespace EspWs.App.Tests.Protocol;

public class CloseStatusRulesTests
{
    [Theory]
    [InlineData(0, false)]
    [InlineData(999, false)]
    [InlineData(1000, true)]
    [InlineData(1001, true)]
    [InlineData(1002, true)]
    [InlineData(1003, true)]
    [InlineData(1004, false)]
    [InlineData(1005, false)]
    [InlineData(1006, false)]
    [InlineData(1007, true)]
    [InlineData(1008, true)]
    [InlineData(1009, true)]
    [InlineData(1010, true)]
    [InlineData(1011, true)]
    [InlineData(1012, true)]
    [InlineData(1013, true)]
    [InlineData(1014, true)]
    [InlineData(1015, false)]
    [InlineData(1016, false)]
    [InlineData(1100, false)]
    [InlineData(2000, false)]
    [InlineData(2999, false)]
    [InlineData(3000, true)]
    [InlineData(3999, true)]
    [InlineData(4000, true)]
    [InlineData(4999, true)]
    [InlineData(5000, false)]
    [InlineData(65535, false)]
    public void Received_close_code_validity_follows_rfc_6455_and_the_iana_registry(int code, bool valid)
    {
        Assert.Equal(valid, CloseStatusRules.IsValidReceivedCode((ushort)code));
    }
}
