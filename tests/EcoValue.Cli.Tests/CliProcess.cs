using EcoValue.Testing;

namespace EcoValue.Cli.Tests;

/// <summary>Runs the built CLI (ecovalue.dll, copied beside the tests by the project reference) as a real process.</summary>
internal static class CliProcess
{
    public static Task<string> RunAsync(params string[] args) =>
        ToolProcess.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "ecovalue.dll"), .. args], timeout: TimeSpan.FromMinutes(2));
}
