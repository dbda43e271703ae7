using System.Diagnostics;
using System.Net;
using EcoValue.Testing;

namespace EcoValue.Ethereum.Rpc.Tests;

/// <summary>A node that is down, dies, hangs, or a caller that gives up.</summary>
public sealed class TransportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NodeDown_nothingListening_throwsTransportExceptionAfterEveryAttempt()
    {
        var port = FreePort.Next();
        var (client, counter) = Rpc.Counted(new Uri($"http://127.0.0.1:{port}/"), maxRetries: 3);

        var ex = await Assert.ThrowsAsync<RpcTransportException>(() => new EthClient(client).ChainIdAsync(Ct));

        Assert.Equal(4, ex.Attempts);
        Assert.Equal(4, counter.Count);
        Assert.Equal("eth_chainId", ex.Method);
        Assert.Equal(port, ex.Endpoint.Port);
        Assert.Null(ex.StatusCode);
        var inner = Assert.IsType<HttpRequestException>(ex.InnerException);
        Assert.Equal(HttpRequestError.ConnectionError, inner.HttpRequestError);
        Assert.IsAssignableFrom<EthereumException>(ex);
    }

    [Fact]
    public async Task NodeKilledMidway_nextCall_throwsTransportException()
    {
        var node = new AnvilNode();
        await node.InitializeAsync();
        try
        {
            var (client, counter) = Rpc.Counted(node.RpcUrl, maxRetries: 1);
            var eth = new EthClient(client);
            Assert.Equal(31337UL, await eth.ChainIdAsync(Ct));

            node.Kill();
            var before = counter.Count;
            var ex = await Assert.ThrowsAsync<RpcTransportException>(() => eth.BlockNumberAsync(Ct));
            Assert.Equal(2, ex.Attempts);
            Assert.Equal(2, counter.Count - before);
            Assert.Equal(node.Port, ex.Endpoint.Port);
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task CallerCancels_whileNodeHangs_throwsPromptlyWithoutRetry()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new FakeHandler(async (_, _, ct) =>
        {
            arrived.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            throw new UnreachableException();
        });
        var client = Rpc.Over(handler, Rpc.Options(Rpc.FakeEndpoint, maxRetries: 5));
        using var cts = new CancellationTokenSource();

        var call = client.SendAsync<string>("eth_chainId", null, cts.Token);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await cts.CancelAsync();

        // Without honouring the token the call would hang forever: a deadline turns that into a failure (TimeoutException).
        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(30), Ct));
        Assert.Equal(cts.Token, ex.CancellationToken);
        Assert.Equal(1, handler.Count);
    }

    [Fact]
    public async Task CallerCancels_duringBackoff_throwsPromptly()
    {
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new FakeHandler((_, _) =>
        {
            answered.TrySetResult();
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        });
        var options = Rpc.Options(Rpc.FakeEndpoint, maxRetries: 5) with { InitialBackoff = TimeSpan.FromMinutes(10), MaxBackoff = TimeSpan.FromMinutes(10) };
        var client = Rpc.Over(handler, options);
        using var cts = new CancellationTokenSource();

        var call = client.SendAsync<string>("eth_chainId", null, cts.Token);
        await answered.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await cts.CancelAsync();

        // The backoff is ten minutes: only a prompt cancellation finishes before the deadline.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(30), Ct));
        Assert.Equal(1, handler.Count);
    }

    [Fact]
    public async Task NodeNeverAnswers_eachAttemptTimesOut_transportExceptionWithTimeoutInside()
    {
        var handler = new FakeHandler(async (_, _, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new UnreachableException();
        });
        var client = Rpc.Over(handler, Rpc.Options(Rpc.FakeEndpoint, maxRetries: 1, timeout: TimeSpan.FromMilliseconds(200)));

        var ex = await Assert.ThrowsAsync<RpcTransportException>(() => client.SendAsync<string>("eth_blockNumber", null, Ct));

        Assert.Equal(2, ex.Attempts);
        Assert.Equal(2, handler.Count);
        Assert.IsType<TimeoutException>(ex.InnerException);
    }
}
