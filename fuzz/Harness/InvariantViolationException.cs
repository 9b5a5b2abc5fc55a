namespace EspWs.Fuzz.Harness;

/// <summary>Thrown when the code under test breaks a promise the harness checks, so AFL records the input as a crash.</summary>
internal sealed class InvariantViolationException : Exception
{
    /// <summary>Creates the exception with a message that names the broken invariant.</summary>
    public InvariantViolationException(string message)
        : base(message)
    {
    }

    /// <summary>Throws when <paramref name="condition"/> is false.</summary>
    public static void Check(bool condition, string invariant)
    {
        if (!condition)
        {
            throw new InvariantViolationException(invariant);
        }
    }
}
