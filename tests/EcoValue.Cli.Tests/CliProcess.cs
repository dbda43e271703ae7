using System.Diagnostics;
using EcoValue.Testing;

namespace EcoValue.Cli.Tests;

/// <summary>Runs the built CLI as a real process, from its own output folder.</summary>
internal static class CliProcess
{
    /// <summary>
    /// ecovalue.dll in src/EcoValue.Cli/bin/&lt;configuration&gt;/&lt;framework&gt;/, built with this test project. Not the
    /// copy the project reference puts beside the tests: this project references ASP.NET Core, so packages that framework
    /// also carries (Microsoft.Extensions.Logging.Abstractions, which Npgsql loads) are not copied here, and the CLI,
    /// which runs on the base framework only, would fail to load them. Its own folder is laid out as an operator runs it.
    /// </summary>
    public static string Dll { get; } = FindDll();

    private static string FindDll()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dll = Path.Combine(RepoPaths.Root, "src", "EcoValue.Cli", "bin", framework.Parent!.Name, framework.Name, "ecovalue.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"the CLI is not built at {dll}", dll);
    }

    /// <summary>The variables the service and the CLI read for their database (docs/deploy.md).</summary>
    public static readonly string[] DatabaseVariables = ["EcoValue__Database__Provider", "EcoValue__Database__ConnectionString"];

    public static Task<string> RunAsync(params string[] args) =>
        ToolProcess.RunAsync("dotnet", [Dll, .. args], timeout: TimeSpan.FromMinutes(2));

    /// <summary>
    /// Runs the CLI with <paramref name="environment"/> set and the database variables of this test process removed
    /// (so only what the test gives configures the database), and returns its exit code and both outputs.
    /// </summary>
    public static async Task<(int Exit, string Stdout, string Stderr)> RunWithAsync(IReadOnlyDictionary<string, string>? environment, string? stdin, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var a in (string[])[Dll, .. args])
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var name in psi.Environment.Keys.Where(k => DatabaseVariables.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList())
        {
            psi.Environment.Remove(name);
        }

        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        using var p = Process.Start(psi)!;
        if (stdin is not null)
        {
            await p.StandardInput.WriteAsync(stdin);
            p.StandardInput.Close();
        }

        var ct = TestContext.Current.CancellationToken;
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await p.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"ecovalue {string.Join(' ', args)} did not finish in time");
        }

        return (p.ExitCode, await stdout, await stderr);
    }
}
