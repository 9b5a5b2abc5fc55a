using SharpFuzz;

namespace EspWs.Fuzz.Harness;

/// <summary>The command line: fuzz one target under AFL, replay files through one, or smoke-test them all.</summary>
internal static class Program
{
    private const string Usage = """
        usage: EspWs.Fuzz.Harness TARGET                      fuzz under afl-fuzz (reads stdin once without it)
               EspWs.Fuzz.Harness replay TARGET PATH...       run files or folders of inputs through TARGET
               EspWs.Fuzz.Harness smoke CORPUS DICT [N]       replay every corpus, then N seeded mutations per seed
               EspWs.Fuzz.Harness trace FILE                  print what FrameReader and the model observe for a frames input
        targets: handshake, frames, utf8
        """;

    private static int Main(string[] args)
    {
        if (args.Length >= 3 && args[0] == "smoke")
        {
            int mutations = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 2000;
            return InputRunner.Smoke(args[1], args[2], mutations) == 0 ? 0 : 1;
        }

        if (args.Length >= 3 && args[0] == "replay" && FuzzTargets.Find(args[1]) is { } replayed)
        {
            return InputRunner.Replay(args[1], replayed, args[2..]) == 0 ? 0 : 1;
        }

        if (args.Length == 2 && args[0] == "trace")
        {
            foreach (string line in FrameLoopTarget.Trace(File.ReadAllBytes(args[1])))
            {
                Console.WriteLine(line);
            }

            return 0;
        }

        if (args.Length == 1 && FuzzTargets.Find(args[0]) is { } target)
        {
            // In-process persistent mode: one process runs input after input, the fastest way SharpFuzz offers.
            var buffer = new MemoryStream();
            Fuzzer.Run(stream =>
            {
                buffer.SetLength(0);
                stream.CopyTo(buffer);
                target(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            });
            return 0;
        }

        Console.Error.WriteLine(Usage);
        return 2;
    }
}
