using EspWs.App.Server;

namespace EspWs.App;

/// <summary>The <c>--state-diagram[=PATH]</c> command: prints or writes docs/state-machine.md from the code.</summary>
public static class StateDiagramCommand
{
    private const string Flag = "--state-diagram";

    /// <summary>True when <paramref name="args"/> asked for the diagram; it was then printed or written, and <paramref name="exitCode"/> says how that went.</summary>
    public static bool TryRun(string[] args, out int exitCode)
    {
        ArgumentNullException.ThrowIfNull(args);
        exitCode = 0;
        string? arg = args.FirstOrDefault(a => a == Flag || a.StartsWith(Flag + "=", StringComparison.Ordinal));
        if (arg is null)
        {
            return false;
        }

        string document = StateDiagramDocument.Render();
        if (arg == Flag)
        {
            Console.Out.Write(document);
            return true;
        }

        string path = arg[(Flag.Length + 1)..];
        try
        {
            File.WriteAllText(path, document);
            Console.Out.WriteLine($"Wrote {Path.GetFullPath(path)}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"espws: cannot write {path}: {ex.Message}");
            exitCode = 1;
        }

        return true;
    }
}
