namespace EspWs.Fuzz.Harness;

/// <summary>
/// A small, seeded mutator for the smoke run: the same seed gives the same inputs on every machine, so a smoke
/// failure reproduces. It is no substitute for AFL's coverage-guided search, only a quick net over the corpus.
/// </summary>
internal sealed class Mutator
{
    private static readonly byte[] Interesting = [0x00, 0x01, 0x7D, 0x7E, 0x7F, 0x80, 0x81, 0x88, 0xC0, 0xED, 0xF4, 0xFE, 0xFF];

    private readonly Random _random;
    private readonly IReadOnlyList<byte[]> _tokens;

    /// <summary>Creates a mutator whose choices follow <paramref name="seed"/>, inserting <paramref name="tokens"/> among other changes.</summary>
    public Mutator(int seed, IReadOnlyList<byte[]> tokens)
    {
#pragma warning disable CA5394 // Reproducible test data, not security: a seeded Random is the point.
        _random = new Random(seed);
#pragma warning restore CA5394
        _tokens = tokens;
    }

    /// <summary>Returns a copy of <paramref name="input"/> with one to four random changes.</summary>
    public byte[] Mutate(byte[] input)
    {
        var bytes = new List<byte>(input);
        int changes = 1 + Next(4);
        for (int i = 0; i < changes; i++)
        {
            int position = Next(bytes.Count + 1);
            switch (Next(6))
            {
                case 0 when bytes.Count > 0:
                    position = Math.Min(position, bytes.Count - 1);
                    bytes[position] ^= (byte)(1 << Next(8));
                    break;
                case 1 when bytes.Count > 0:
                    position = Math.Min(position, bytes.Count - 1);
                    bytes[position] = Interesting[Next(Interesting.Length)];
                    break;
                case 2 when _tokens.Count > 0:
                    bytes.InsertRange(position, _tokens[Next(_tokens.Count)]);
                    break;
                case 3 when bytes.Count > 0:
                    position = Math.Min(position, bytes.Count - 1);
                    bytes.RemoveRange(position, Math.Min(1 + Next(8), bytes.Count - position));
                    break;
                case 4 when bytes.Count > 0:
                    position = Math.Min(position, bytes.Count - 1);
                    int length = Math.Min(1 + Next(16), bytes.Count - position);
                    bytes.InsertRange(Next(bytes.Count + 1), bytes.GetRange(position, length));
                    break;
                default:
                    bytes.Insert(position, (byte)Next(256));
                    break;
            }
        }

        return [.. bytes];
    }

#pragma warning disable CA5394
    private int Next(int exclusiveMax) => _random.Next(exclusiveMax);
#pragma warning restore CA5394
}
