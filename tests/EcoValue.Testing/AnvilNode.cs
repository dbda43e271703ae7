using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace EcoValue.Testing;

/// <summary>
/// A real anvil (the pinned npm binary) on a free loopback port, started for a test class or collection and
/// killed on dispose. Chain id 31337, the default mnemonic's funded accounts.
/// </summary>
public sealed class AnvilNode : IAsyncLifetime
{
    /// <summary>Private key of anvil's first default account (test mnemonic; public knowledge, never a real secret).</summary>
    public const string DevKey0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    private Process? _process;
    private readonly List<string> _extraArgs = [];

    public int Port { get; private set; }

    public Uri RpcUrl => new($"http://127.0.0.1:{Port}");

    /// <summary>Extra anvil flags (e.g. <c>--no-mining</c>); set before initialisation.</summary>
    public AnvilNode WithArgs(params string[] args)
    {
        _extraArgs.AddRange(args);
        return this;
    }

    public async ValueTask InitializeAsync()
    {
        var anvil = Requirements.Foundry("anvil");
        // A free port is free only when asked: another test process starting at the same moment can take it before
        // anvil binds it (seen in scripts/test, where the projects run in parallel). anvil then exits at once; try
        // another port.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort.Next();
            try
            {
                await StartAsync(anvil).ConfigureAwait(false);
                return;
            }
            catch (AnvilExitedException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>
    /// Stops the node as an operator would (SIGTERM: with <c>--state</c> it writes its state file) and waits for it
    /// to exit. <see cref="RestartAsync"/> brings it back on the same port.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } p)
        {
            _ = SysKill(p.Id, 15);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await p.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
    }

    /// <summary>Starts the node again on the same port with the same arguments (state reloads with <c>--state</c>).</summary>
    public Task RestartAsync() => StartAsync(Requirements.Foundry("anvil"));

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int signal);

    private async Task StartAsync(string anvil)
    {
        var psi = new ProcessStartInfo(anvil)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "--host", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--chain-id", "31337", "--silent" }.Concat(_extraArgs))
        {
            psi.ArgumentList.Add(a);
        }

        _process?.Dispose();
        _process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start anvil");
        // Drain output so a chatty node never blocks on a full pipe.
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line && errors.Count < 20)
            {
                errors.Enqueue(line);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync().ConfigureAwait(false); // flushes the error output read so far
                throw new AnvilExitedException($"anvil exited with {_process.ExitCode} before answering on port {Port}: {string.Join(" | ", errors)}");
            }

            try
            {
                using var resp = await http.PostAsJsonAsync(RpcUrl, new { jsonrpc = "2.0", id = 1, method = "eth_chainId", @params = Array.Empty<object>() }).ConfigureAwait(false);
                var doc = await resp.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false);
                if (doc.TryGetProperty("result", out _))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        throw new TimeoutException("anvil did not answer within 30 s");
    }

    /// <summary>Kills the node (as a crash would) without disposing the fixture.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>anvil stopped before it answered (typically: its port was taken meanwhile).</summary>
public sealed class AnvilExitedException(string message) : InvalidOperationException(message);
