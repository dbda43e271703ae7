using EcoValue.Testing;

namespace EcoValue.Domain.Tests;

/// <summary>The node oracles in js/ (run from the checkout, against the packages npm ci put in contracts/node_modules).</summary>
internal static class OracleScripts
{
    public static string Path(string name) => System.IO.Path.Combine(RepoPaths.Root, "tests", "EcoValue.Domain.Tests", "js", name);
}
