using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using EcoValue.Ethereum.Rpc;

namespace EcoValue.Bench;

/// <summary>A throw-away anvil (the pinned npm binary) on a free loopback port for the benchmarks that need a chain.</summary>
public sealed class DevChain : IAsyncDisposable
{
    private readonly Process _process;

    private DevChain(Process process, Uri url)
    {
        _process = process;
        Url = url;
        Eth = new EthClient(new JsonRpcClient(new HttpClient(), new JsonRpcClientOptions { Endpoint = url }));
    }

    public Uri Url { get; }

    public EthClient Eth { get; }

    public static async Task<DevChain> StartAsync(string root)
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var anvil = Path.Combine(root, "contracts", "node_modules", "@foundry-rs", "anvil-linux-amd64", "bin", "anvil");
        var psi = new ProcessStartInfo(anvil) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent" })
        {
            psi.ArgumentList.Add(a);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start anvil (run scripts/bench, which installs it)");
        var chain = new DevChain(process, new Uri($"http://127.0.0.1:{port}"));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await chain.Eth.ChainIdAsync();
                return chain;
            }
            catch (RpcClientException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
