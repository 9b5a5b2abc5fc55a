namespace EspWs.Fuzz.Harness;

/// <summary>Runs targets without AFL: over files (to replay a corpus or a crash) and over seeded mutations of a corpus.</summary>
internal static class InputRunner
{
    /// <summary>Runs <paramref name="target"/> on every file under <paramref name="paths"/>; returns the number of failures.</summary>
    public static int Replay(string name, FuzzTarget target, IEnumerable<string> paths)
    {
        int count = 0;
        int failures = 0;
        foreach (string file in Files(paths))
        {
            count++;
            if (!RunOne(name, target, File.ReadAllBytes(file), file))
            {
                failures++;
            }
        }

        Console.WriteLine($"{name}: {count} inputs replayed, {failures} failed");
        return failures;
    }

    /// <summary>
    /// Replays each target's corpus under <paramref name="corpusRoot"/>, then runs <paramref name="mutationsPerSeed"/>
    /// seeded mutations of every seed; returns the number of failures.
    /// </summary>
    public static int Smoke(string corpusRoot, string dictionaryPath, int mutationsPerSeed)
    {
        List<byte[]> tokens = AflDictionary.Load(dictionaryPath);
        int failures = 0;
        foreach ((string name, FuzzTarget target) in FuzzTargets.All)
        {
            string corpus = Path.Combine(corpusRoot, name);
            failures += Replay(name, target, [corpus]);
            var mutator = new Mutator(seed: 6455, tokens);
            int runs = 0;
            foreach (string file in Files([corpus]))
            {
                byte[] seed = File.ReadAllBytes(file);
                for (int i = 0; i < mutationsPerSeed; i++)
                {
                    runs++;
                    if (!RunOne(name, target, mutator.Mutate(seed), $"mutation {i} of {Path.GetFileName(file)}"))
                    {
                        failures++;
                    }
                }
            }

            Console.WriteLine($"{name}: {runs} mutated inputs run");
        }

        return failures;
    }

    private static bool RunOne(string name, FuzzTarget target, byte[] input, string label)
    {
        try
        {
            target(input);
            return true;
        }
#pragma warning disable CA1031 // Any exception is a finding to report, and the run goes on to the next input.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Console.WriteLine($"{name}: FAILED on {label}: {exception.GetType().Name}: {exception.Message}");
            Console.WriteLine($"  input (hex): {Convert.ToHexString(input)}");
            return false;
        }
    }

    private static IEnumerable<string> Files(IEnumerable<string> paths)
    {
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (string file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    yield return file;
                }
            }
            else
            {
                yield return path;
            }
        }
    }
}
