namespace EspWs.App.Server.Protocol;

/// <summary>Decides which close status codes a peer may send (RFC 6455 §7.4).</summary>
public static class CloseStatusRules
{
    /// <summary>Returns whether a peer may send <paramref name="code"/> in a close frame; any other code fails the connection with 1002.</summary>
    /// <remarks>
    /// RFC 6455 §7.4.1 and the IANA "WebSocket Close Code Number Registry": 1000-1003 and 1007-1011 are defined;
    /// 1012 (Service Restart), 1013 (Try Again Later) and 1014 (Bad Gateway) were registered later and are accepted;
    /// 1004 is reserved, 1005, 1006 and 1015 MUST NOT be sent on the wire, 1016-2999 are unassigned or reserved for
    /// future RFCs; 3000-3999 are for libraries and frameworks, 4000-4999 for private use; below 1000 and 5000 and
    /// above are not used (§7.4.2). The Autobahn suite agrees: its case 7.9.x sends 0, 999, 1004, 1005, 1006, 1016,
    /// 1100, 2000 and 2999 as invalid (older versions also listed 1012-1014; current ones no longer do).
    /// </remarks>
    public static bool IsValidReceivedCode(ushort code)
    {
        return code is >= 1000 and <= 1003
            or >= 1007 and <= 1014
            or >= 3000 and <= 4999;
    }
}
