namespace DeployCode.AppHost.Tests;

/// <summary>The checkout the tests run from, found above the test binaries wherever it was cloned.</summary>
internal static class RepositoryFolder
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DeployCode.Aspire.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("DeployCode.Aspire.sln not found above the test binaries");
    }
}
