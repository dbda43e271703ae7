using System.Collections.Concurrent;
using System.Diagnostics;

namespace EcoValue.Api.Tests.ScaleOut;

/// <summary>
/// The service as its own operating-system process (the built EcoValue.Api.dll under <c>dotnet</c>), configured by
/// environment variables as a deployment would be, so a test can kill it outright (SIGKILL: no shutdown code runs,
/// the kernel closes its sockets) as a crashed machine would.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ServiceProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    /// <summary>Everything the process printed so far (its console log).</summary>
    public string Output => string.Join('\n', _output);

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the service on a free loopback port with <paramref name="settings"/> as configuration and waits until /healthz answers.</summary>
    public static async Task<ServiceProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, CancellationToken ct)
    {
        var port = EcoValue.Testing.FreePort.Next();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The content root: the service finds nothing there it needs, but runs from its project folder as in scripts/run.
            WorkingDirectory = Path.Combine(EcoValue.Testing.RepoPaths.Root, "src", "EcoValue.Api"),
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EcoValue.Api.dll"));
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        psi.ArgumentList.Add("--environment");
        psi.ArgumentList.Add("Testing");
        // The test host's own settings must not leak in (e.g. ASPNETCORE_* of the test runner).
        psi.Environment.Remove("ASPNETCORE_URLS");
        psi.Environment.Remove("ECOVALUE_DATA");
        foreach (var (key, value) in settings)
        {
            psi.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start the service process");
        var service = new ServiceProcess(process, baseAddress);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the service exited with {process.ExitCode}:\n{service.Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(baseAddress, "/healthz"), ct);
                if ((int)response.StatusCode is 200 or 503)
                {
                    return service;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                await service.DisposeAsync();
                throw new TimeoutException($"the service did not answer /healthz within 60 s:\n{service.Output}");
            }

            await Task.Delay(200, ct);
        }
    }

    /// <summary>SIGKILL, and waits until the process is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}
