using System.Net;
using System.Text;
using System.Text.Json;

namespace EcoValue.Ethereum.Rpc.Tests;

/// <summary>Counts the HTTP requests that really leave the client (to prove what was, and was not, retried).</summary>
internal sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _count);
        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>
/// A scripted node for the failures a real one cannot produce on demand (5xx, truncated bodies, wrong ids…).
/// The script gets the parsed request body and the 1-based attempt number.
/// </summary>
internal sealed class FakeHandler(Func<JsonElement, int, CancellationToken, Task<HttpResponseMessage>> script) : HttpMessageHandler
{
    private int _count;

    public FakeHandler(Func<JsonElement, int, HttpResponseMessage> script)
        : this((body, n, _) => Task.FromResult(script(body, n)))
    {
    }

    public int Count => Volatile.Read(ref _count);

    public List<JsonElement> Bodies { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _count);
        var body = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken)).RootElement.Clone();
        lock (Bodies)
        {
            Bodies.Add(body);
        }

        return await script(body, n, cancellationToken);
    }

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    /// <summary>A success answer to <paramref name="request"/> (echoing its id) with a raw JSON result.</summary>
    public static HttpResponseMessage Result(JsonElement request, string resultJson) =>
        Json($$"""{"jsonrpc":"2.0","id":{{request.GetProperty("id").GetRawText()}},"result":{{resultJson}}}""");

    public static HttpResponseMessage Error(JsonElement request, long code, string message, string? dataJson = null, HttpStatusCode status = HttpStatusCode.OK) =>
        Json($$$"""{"jsonrpc":"2.0","id":{{{request.GetProperty("id").GetRawText()}}},"error":{"code":{{{code}}},"message":{{{JsonSerializer.Serialize(message)}}}{{{(dataJson is null ? "" : ",\"data\":" + dataJson)}}}}}""", status);
}

internal static class Rpc
{
    /// <summary>Options for tests: short backoff so retries do not slow the suite down.</summary>
    public static JsonRpcClientOptions Options(Uri endpoint, int maxRetries = 2, TimeSpan? timeout = null) => new()
    {
        Endpoint = endpoint,
        MaxRetries = maxRetries,
        InitialBackoff = TimeSpan.FromMilliseconds(1),
        MaxBackoff = TimeSpan.FromMilliseconds(5),
        RequestTimeout = timeout ?? TimeSpan.FromSeconds(20),
    };

    public static readonly Uri FakeEndpoint = new("http://node.invalid:8545/");

    public static JsonRpcClient Over(HttpMessageHandler handler, JsonRpcClientOptions? options = null) =>
        new(new HttpClient(handler), options ?? Options(FakeEndpoint));

    /// <summary>A client for a real node, with every request counted.</summary>
    public static (JsonRpcClient Client, CountingHandler Counter) Counted(Uri endpoint, int maxRetries = 2)
    {
        var counter = new CountingHandler(new SocketsHttpHandler());
        return (new JsonRpcClient(new HttpClient(counter), Options(endpoint, maxRetries)), counter);
    }
}

internal static class DevAccounts
{
    // anvil's default mnemonic ("test test … junk"), accounts 0, 1 and 9.
    public static readonly Address Account0 = Address.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    public static readonly Address Account1 = Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    public static readonly Address Account9 = Address.Parse("0xa0Ee7A142d267C1f36714E4a8F75612F20a79720");

    public static readonly System.Numerics.BigInteger TenThousandEther = System.Numerics.BigInteger.Pow(10, 22);
}
