using System.Reflection;

namespace EspWs.App;

/// <summary>The app's version as its build stamped it, for <c>/status</c> and Home Assistant's device block.</summary>
public static class AppVersion
{
    /// <summary>The informational version (with the commit when the build knows it), or <c>unknown</c>.</summary>
    public static string Text { get; } = Read();

    private static string Read()
    {
        Assembly assembly = typeof(AppVersion).Assembly;
        return assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "unknown";
    }
}
