namespace EspWs.App.Tests.Support;

/// <summary>Finds the repository's root (the folder holding EspWs.sln) from the test binary's folder.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EspWs.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("EspWs.sln not found above " + AppContext.BaseDirectory);
    }
}
