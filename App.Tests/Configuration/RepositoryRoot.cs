namespace EspWs.App.Tests.Configuration;

/// <summary>Finds the repository's root, the folder holding EspWs.sln, above the test binaries.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EspWs.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds EspWs.sln.");
    }
}
