using System.Numerics;
using System.Text.Json;

namespace EcoValue.Ethereum.Rpc.Tests;

/// <summary>What goes on the wire: JSON-RPC envelopes and the execution-apis encodings of parameters.</summary>
public sealed class RequestEncodingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(0UL, "0x0")]
    [InlineData(255UL, "0xff")]
    [InlineData(ulong.MaxValue, "0xffffffffffffffff")]
    public void BlockParameter_number_isQuantity(ulong number, string expected)
    {
        BlockParameter p = number;
        Assert.Equal(expected, p.ToRpc());
        Assert.Equal(number, p.Number);
        Assert.Null(p.Tag);
    }

    [Fact]
    public void BlockParameter_tags_areSpecNames() =>
        Assert.Equal(
            ["latest", "pending", "earliest", "safe", "finalized"],
            new[] { BlockParameter.Latest, BlockParameter.Pending, BlockParameter.Earliest, BlockParameter.Safe, BlockParameter.Finalized }.Select(b => b.ToRpc()));

    [Fact]
    public async Task SendAsync_writesJsonRpc2Envelope_withIncreasingIds()
    {
        var (handler, rpc) = Echo("\"0x1\"");
        await rpc.SendAsync<string>("eth_getBalance", ["0xab", "latest"], Ct);
        await rpc.SendAsync<string>("eth_blockNumber", null, Ct);

        var first = handler.Bodies[0];
        Assert.Equal("2.0", first.GetProperty("jsonrpc").GetString());
        Assert.Equal("eth_getBalance", first.GetProperty("method").GetString());
        Assert.Equal("""["0xab","latest"]""", first.GetProperty("params").GetRawText());
        Assert.Equal(JsonValueKind.Array, handler.Bodies[1].GetProperty("params").ValueKind);
        Assert.True(handler.Bodies[1].GetProperty("id").GetInt64() > first.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task GetLogs_filter_encodesAddressesTopicsWildcardsAndOrs()
    {
        var (handler, rpc) = Echo("[]");
        byte[] a = [.. new byte[31], 0x0a];
        byte[] b = [.. new byte[31], 0x0b];
        await new EthClient(rpc).GetLogsAsync(new LogFilter
        {
            FromBlock = 16,
            ToBlock = BlockParameter.Finalized,
            Addresses = [DevAccounts.Account0, DevAccounts.Account1],
            Topics = [[a], null, [a, b]],
        }, Ct);

        var filter = handler.Bodies[0].GetProperty("params")[0];
        Assert.Equal("0x10", filter.GetProperty("fromBlock").GetString());
        Assert.Equal("finalized", filter.GetProperty("toBlock").GetString());
        Assert.Equal(
            $"[\"{DevAccounts.Account0.ToLowerHex()}\",\"{DevAccounts.Account1.ToLowerHex()}\"]",
            filter.GetProperty("address").GetRawText());
        Assert.Equal($"[[\"{Hex.Encode(a)}\"],null,[\"{Hex.Encode(a)}\",\"{Hex.Encode(b)}\"]]", filter.GetProperty("topics").GetRawText());
        Assert.False(filter.TryGetProperty("blockHash", out _));
    }

    [Fact]
    public void LogFilter_invalidCombinations_areRejectedBeforeSending()
    {
        Assert.Throws<ArgumentException>(() => new LogFilter { BlockHash = new byte[32], FromBlock = 1 }.ToJson());
        Assert.Throws<ArgumentException>(() => new LogFilter { BlockHash = new byte[31] }.ToJson());
        Assert.Throws<ArgumentException>(() => new LogFilter { Topics = [null, null, null, null, null] }.ToJson());
        Assert.Throws<ArgumentException>(() => new LogFilter { Topics = [[new byte[20]]] }.ToJson());
        Assert.Throws<ArgumentException>(() => new LogFilter { Topics = [[]] }.ToJson());
        Assert.Throws<ArgumentException>(() => new LogFilter { Addresses = [] }.ToJson());
    }

    [Fact]
    public async Task Call_request_encodesQuantitiesAndDataAndBlock()
    {
        var (handler, rpc) = Echo("\"0x\"");
        await new EthClient(rpc).CallAsync(new CallRequest
        {
            From = DevAccounts.Account0,
            To = DevAccounts.Account1,
            Gas = 30000,
            MaxFeePerGas = BigInteger.Parse("100000000000", System.Globalization.CultureInfo.InvariantCulture),
            MaxPriorityFeePerGas = 0,
            Value = 1,
            Data = [0x00, 0xab],
        }, 7, Ct);

        var p = handler.Bodies[0].GetProperty("params");
        Assert.Equal(
            $$"""{"from":"{{DevAccounts.Account0.ToLowerHex()}}","to":"{{DevAccounts.Account1.ToLowerHex()}}","gas":"0x7530","maxFeePerGas":"0x174876e800","maxPriorityFeePerGas":"0x0","value":"0x1","data":"0x00ab"}""",
            p[0].GetRawText());
        Assert.Equal("0x7", p[1].GetString());
    }

    [Fact]
    public async Task EstimateGas_withoutBlock_sendsOnlyTheCall()
    {
        var (handler, rpc) = Echo("\"0x5208\"");
        Assert.Equal(21000UL, await new EthClient(rpc).EstimateGasAsync(new CallRequest { To = DevAccounts.Account1 }, ct: Ct));
        Assert.Equal(1, handler.Bodies[0].GetProperty("params").GetArrayLength());
    }

    [Fact]
    public void CallRequest_legacyAndDynamicFees_areExclusive() =>
        Assert.Throws<ArgumentException>(() => new CallRequest { GasPrice = 1, MaxFeePerGas = 2 }.ToJson());

    [Theory]
    [InlineData(new double[] { 50, 10 })]
    [InlineData(new double[] { -1 })]
    [InlineData(new double[] { 101 })]
    public async Task FeeHistory_badPercentiles_areRejectedBeforeSending(double[] percentiles)
    {
        var (handler, rpc) = Echo("null");
        await Assert.ThrowsAsync<ArgumentException>(() => new EthClient(rpc).FeeHistoryAsync(2, BlockParameter.Latest, percentiles, Ct));
        Assert.Equal(0, handler.Count);
    }

    [Fact]
    public async Task Hashes_wrongLength_areRejectedBeforeSending()
    {
        var (handler, rpc) = Echo("null");
        var eth = new EthClient(rpc);
        await Assert.ThrowsAsync<ArgumentException>(() => eth.GetTransactionReceiptAsync(new byte[31], Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => eth.GetBlockByHashAsync(new byte[33], ct: Ct));
        Assert.Equal(0, handler.Count);
    }

    [Fact]
    public async Task Batch_empty_isRejected() =>
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Echo("null").Rpc.SendBatchAsync([], Ct));

    [Fact]
    public void Options_invalid_areRejected()
    {
        var ok = Rpc.Options(Rpc.FakeEndpoint);
        using var http = new HttpClient();
        Assert.Throws<ArgumentException>(() => new JsonRpcClient(http, ok with { Endpoint = new Uri("ws://x/") }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new JsonRpcClient(http, ok with { MaxRetries = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new JsonRpcClient(http, ok with { RequestTimeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new JsonRpcClient(http, ok with { MaxBackoff = TimeSpan.Zero, InitialBackoff = TimeSpan.FromSeconds(1) }));
    }

    private static (FakeHandler Handler, JsonRpcClient Rpc) Echo(string resultJson)
    {
        var handler = new FakeHandler((req, _) => FakeHandler.Result(req, resultJson));
        return (handler, Rpc.Over(handler));
    }
}
