using System.Collections;
using System.Text;
using EspWs.App.Configuration;

namespace EspWs.App.Tests.Configuration;

/// <summary>Seeded random files, variables and arguments thrown at the loader: it answers each with settings or one error, never an exception.</summary>
public sealed class ConfigurationLoaderFuzzTests : IDisposable
{
    private const int Rounds = 400;
    private static readonly string[] Sections = ["Server", "Board", "Board:Esp32", "Led", "Mqtt", "Tls", "Security", "WiFi", "Logging:LogLevel", "Lifecycle", "State", "Button", "Nope"];
    private static readonly string[] Keys = ["Port", "BindAddress", "Name", "Pin", "Host", "CertificatePath", "KeyPath", "Token", "Ssid", "Default", "MaxClients", "SubProtocols:0", "SubProtocols", "UseTls", "Link", "PowerOnState", "X"];
    private static readonly string[] Values =
    [
        "", "0", "-1", "65536", "99999999999999999999", "1e309", "NaN", "true", "yes", "0x10", " 7 ", "simulated", "ESP32",
        "::1", "256.1.1.1", "tcp:", "serial:", "/dev/null", "/nonexistent/cert.pem", "00:00:10", "-00:00:01", "\u00e9\u4e2d\ud83d\ude00",
        "\t", "a\nb", "\"", "'", "{", "[", "*", "&anchor", "!!binary x", "%", "\\", new string('9', 5000),
    ];

    private readonly TempConfigDirectory _config = new("");

    [Fact]
    public void Random_files_variables_and_arguments_never_make_the_loader_throw()
    {
        for (int seed = 0; seed < Rounds; seed++)
        {
            var random = new Random(seed);
            string[] args = Arguments(random);
            Hashtable environment = Variables(random);
            System.IO.File.WriteAllBytes(_config.FilePath, YamlFile(random));

            ConfigurationLoadResult result;
            try
            {
                result = _config.Load(environment, args);
            }
            catch (Exception ex)
            {
                Assert.Fail($"seed {seed}: {ex.GetType().Name}: {ex.Message}\nargs: {string.Join(' ', args)}\nfile:\n{System.IO.File.ReadAllText(_config.FilePath)}");
                throw;
            }

            Assert.True(result.Succeeded ^ (result.Error is not null), $"seed {seed}: neither settings nor an error");
            Assert.DoesNotContain("   at ", result.Error ?? "", StringComparison.Ordinal);
        }
    }

    public void Dispose() => _config.Dispose();

    private static string Pick(Random random, string[] from) => from[random.Next(from.Length)];

    // The same key in a random case, now and then with a stray delimiter.
    private static string Key(Random random)
    {
        string key = $"{Pick(random, Sections)}:{Pick(random, Keys)}";
        key = random.Next(3) switch { 0 => key.ToUpperInvariant(), 1 => key.ToLowerInvariant(), _ => key };
        return random.Next(15) == 0 ? key + ":" : random.Next(15) == 0 ? ":" + key : key;
    }

    private static string Value(Random random) =>
        random.Next(4) == 0 ? Noise(random, random.Next(1, 40)) : Pick(random, Values);

    private static string Noise(Random random, int length)
    {
        var text = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            text.Append((char)random.Next(1, random.Next(2) == 0 ? 128 : 0xD800));
        }

        return text.ToString();
    }

    private static string[] Arguments(Random random)
    {
        var args = new List<string>();
        for (int i = random.Next(8); i > 0; i--)
        {
            args.Add(random.Next(10) switch
            {
                0 => "--config",
                1 => "--config=" + Pick(random, ["", "/nonexistent.yaml", "/dev/null", "/", Noise(random, 5)]),
                2 => "--" + Key(random),
                3 => Noise(random, random.Next(1, 10)),
                4 => "--help",
                _ => $"--{Key(random)}={Value(random)}",
            });
        }

        return [.. args];
    }

    private static Hashtable Variables(Random random)
    {
        var environment = new Hashtable();
        for (int i = random.Next(6); i > 0; i--)
        {
            string prefix = random.Next(3) switch { 0 => "espws_", 1 => "ESPWS_", _ => "EspWs_" };
            environment[prefix + Key(random).Replace(":", "__", StringComparison.Ordinal)] = Value(random);
        }

        return environment;
    }

    private static byte[] YamlFile(Random random)
    {
        if (random.Next(10) == 0)
        {
            byte[] garbage = new byte[random.Next(200)];
            random.NextBytes(garbage);
            return garbage;
        }

        var yaml = new StringBuilder();
        for (int i = random.Next(8); i > 0; i--)
        {
            string[] parts = Key(random).Split(':');
            for (int depth = 0; depth < parts.Length; depth++)
            {
                string indent = new(random.Next(20) == 0 ? '\t' : ' ', depth * 2);
                yaml.Append(indent).Append(parts[depth]).Append(':');
                yaml.Append(depth == parts.Length - 1 ? " " + Value(random).Replace("\n", " ", StringComparison.Ordinal) : "").Append('\n');
            }

            if (random.Next(6) == 0)
            {
                yaml.Append(Pick(random, ["- item\n", "  - 1\n  - 2\n", "[1, 2\n", "{a: 1}\n", "? x\n", "---\n", "...\n", "&a b: *a\n", "<<: *a\n"]));
            }
        }

        return Encoding.UTF8.GetBytes(yaml.ToString());
    }
}
