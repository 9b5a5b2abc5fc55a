namespace EspWs.App.Tests.Conformance;

/// <summary>
/// The UTF-8 test vectors of Autobahn's group 6, which come from Markus Kuhn's UTF-8 decoder stress test, as hex.
/// Group numbers follow Autobahn (6.2 valid text, 6.3 κόσμε with a surrogate, 6.7-6.11 boundaries, 6.12 unexpected
/// continuation bytes, 6.13 lonely start bytes, 6.14-6.15 truncated sequences, 6.16 impossible bytes, 6.17-6.19
/// overlongs, 6.20-6.21 surrogates, 6.22 non-characters); sub-numbers are this suite's.
/// </summary>
public static class Utf8Vectors
{
    /// <summary>"κόσμε", the Greek word Markus Kuhn's test starts with.</summary>
    public const string Kosme = "CE BA E1 BD B9 CF 83 CE BC CE B5";

    public static TheoryData<string, string> Valid => new()
    {
        { "6.2.1", Hex("Hello-µ@ßöäüàá-UTF-8!!") },
        { "6.2.2", Kosme },
        { "6.2.3", Hex("€ 𝄞 中文 ✓") },
        { "6.7.1", "00" },
        { "6.7.2", "C2 80" },
        { "6.7.3", "E0 A0 80" },
        { "6.7.4", "F0 90 80 80" },
        { "6.9.1", "7F" },
        { "6.9.2", "DF BF" },
        { "6.9.3", "EF BF BF" },
        { "6.9.4", "F4 8F BF BF" },
        { "6.11.1", "ED 9F BF" },
        { "6.11.2", "EE 80 80" },
        { "6.11.3", "EF BF BD" },
        { "6.22.1", "EF BF BE" },
        { "6.22.2", "F0 9F BF BE" },
        { "6.22.3", "F3 BF BF BF" },
        { "6.22.4", "F4 8F BF BE" },
        { "6.22.5", "EF B7 90" },
        { "6.22.6", "EF B7 AF" },
    };

    public static TheoryData<string, string> Invalid => new()
    {
        { "6.3.1", Kosme + " ED A0 80 65 64 69 74 65 64" },
        { "6.8.1", "F8 88 80 80 80" },
        { "6.8.2", "FC 84 80 80 80 80" },
        { "6.10.1", "F7 BF BF BF" },
        { "6.10.2", "FB BF BF BF BF" },
        { "6.10.3", "FD BF BF BF BF BF" },
        { "6.11.4", "F4 90 80 80" },
        { "6.12.1", "80" },
        { "6.12.2", "BF" },
        { "6.12.3", "80 BF" },
        { "6.12.4", "80 BF 80" },
        { "6.12.5", "80 BF 80 BF" },
        { "6.12.6", "80 BF 80 BF 80" },
        { "6.12.7", "80 BF 80 BF 80 BF" },
        { "6.12.8", Range(0x80, 0xBF, "") },
        { "6.12.9", "61 62 80" },
        { "6.13.1", Range(0xC0, 0xDF, " 20") },
        { "6.13.2", Range(0xE0, 0xEF, " 20") },
        { "6.13.3", Range(0xF0, 0xF7, " 20") },
        { "6.13.4", Range(0xF8, 0xFB, " 20") },
        { "6.13.5", "FC 20 FD 20" },
        { "6.13.6", "C2 20" },
        { "6.14.1", "C0" },
        { "6.14.2", "E0 80" },
        { "6.14.3", "F0 80 80" },
        { "6.14.4", "F8 80 80 80" },
        { "6.14.5", "FC 80 80 80 80" },
        { "6.14.6", "DF" },
        { "6.14.7", "EF BF" },
        { "6.14.8", "F7 BF BF" },
        { "6.14.9", "FB BF BF BF" },
        { "6.14.10", "FD BF BF BF BF" },
        { "6.14.11", "F4 8F BF" },
        { "6.14.12", "61 E2 82" },
        { "6.15.1", "C0 E0 80 F0 80 80 F8 80 80 80 FC 80 80 80 80 DF EF BF F7 BF BF FB BF BF BF FD BF BF BF BF" },
        { "6.16.1", "FE" },
        { "6.16.2", "FF" },
        { "6.16.3", "FE FE FF FF" },
        { "6.17.1", "C0 AF" },
        { "6.17.2", "E0 80 AF" },
        { "6.17.3", "F0 80 80 AF" },
        { "6.17.4", "F8 80 80 80 AF" },
        { "6.17.5", "FC 80 80 80 80 AF" },
        { "6.18.1", "C1 BF" },
        { "6.18.2", "E0 9F BF" },
        { "6.18.3", "F0 8F BF BF" },
        { "6.18.4", "F8 87 BF BF BF" },
        { "6.18.5", "FC 83 BF BF BF BF" },
        { "6.19.1", "C0 80" },
        { "6.19.2", "E0 80 80" },
        { "6.19.3", "F0 80 80 80" },
        { "6.19.4", "F8 80 80 80 80" },
        { "6.19.5", "FC 80 80 80 80 80" },
        { "6.20.1", "ED A0 80" },
        { "6.20.2", "ED AD BF" },
        { "6.20.3", "ED AE 80" },
        { "6.20.4", "ED AF BF" },
        { "6.20.5", "ED B0 80" },
        { "6.20.6", "ED BE 80" },
        { "6.20.7", "ED BF BF" },
        { "6.21.1", "ED A0 80 ED B0 80" },
        { "6.21.2", "ED A0 80 ED BF BF" },
        { "6.21.3", "ED AD BF ED B0 80" },
        { "6.21.4", "ED AD BF ED BF BF" },
        { "6.21.5", "ED AE 80 ED B0 80" },
        { "6.21.6", "ED AE 80 ED BF BF" },
        { "6.21.7", "ED AF BF ED B0 80" },
        { "6.21.8", "ED AF BF ED BF BF" },
    };

    private static string Hex(string text) => string.Join(' ', System.Text.Encoding.UTF8.GetBytes(text).Select(b => $"{b:X2}"));

    private static string Range(int first, int last, string after) =>
        string.Join(' ', Enumerable.Range(first, last - first + 1).Select(b => $"{b:X2}{after}"));
}
