using System.Net;

namespace EcoValue.Ethereum.Rpc.Tests;

/// <summary>
/// Failure paths a real node cannot produce on demand (gateway errors, cut-off bodies, wrong ids, absurd sizes,
/// malformed values), played by a scripted handler.
/// </summary>
public sealed class FakeNodeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Http503_thenSuccess_isRetriedAndSucceeds()
    {
        var handler = new FakeHandler((req, n) => n == 1 ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) : FakeHandler.Result(req, "\"0x2a\""));
        Assert.Equal(42UL, await new EthClient(Rpc.Over(handler)).BlockNumberAsync(Ct));
        Assert.Equal(2, handler.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task RetryableStatus_always_transportExceptionAfterAllAttempts(HttpStatusCode status)
    {
        var handler = new FakeHandler((_, _) => new HttpResponseMessage(status));
        var ex = await Assert.ThrowsAsync<RpcTransportException>(() => Rpc.Over(handler).SendAsync<string>("eth_chainId", null, Ct));
        Assert.Equal(3, ex.Attempts);
        Assert.Equal(3, handler.Count);
        Assert.Equal(status, ex.StatusCode);
    }

    [Fact]
    public async Task TruncatedJson_thenSuccess_isRetried()
    {
        var handler = new FakeHandler((req, n) => n == 1 ? FakeHandler.Json("""{"jsonrpc":"2.0","id":1,"res""") : FakeHandler.Result(req, "\"0x7a69\""));
        Assert.Equal(31337UL, await new EthClient(Rpc.Over(handler)).ChainIdAsync(Ct));
        Assert.Equal(2, handler.Count);
    }

    [Fact]
    public async Task NonJsonBody_always_transportExceptionWithParseErrorInside()
    {
        var handler = new FakeHandler((_, _) => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html>proxy says hi</html>") });
        var ex = await Assert.ThrowsAsync<RpcTransportException>(() => Rpc.Over(handler).SendAsync<string>("eth_chainId", null, Ct));
        Assert.Equal(3, ex.Attempts);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(ex.InnerException);
    }

    [Fact]
    public async Task NodeError_nonceTooLow_surfacesVerbatimWithoutRetry()
    {
        var handler = new FakeHandler((req, _) => FakeHandler.Error(req, -32000, "nonce too low: next nonce 5, tx nonce 4"));
        var ex = await Assert.ThrowsAsync<RpcException>(() => new EthClient(Rpc.Over(handler)).SendRawTransactionAsync([0x02, 0x01], Ct));
        Assert.Equal(1, handler.Count);
        Assert.Equal(-32000, ex.Code);
        Assert.Equal("nonce too low: next nonce 5, tx nonce 4", ex.RpcMessage);
        Assert.Equal("eth_sendRawTransaction", ex.Method);
        Assert.Null(ex.RpcData);
        Assert.Null(ex.RevertData);
    }

    [Fact]
    public async Task NodeError_structuredData_isKeptVerbatim()
    {
        var handler = new FakeHandler((req, _) => FakeHandler.Error(req, 3, "execution reverted", """{"reason":"x","data":"0x08c379a0"}"""));
        var ex = await Assert.ThrowsAsync<RpcException>(() => Rpc.Over(handler).SendAsync<string>("eth_call", null, Ct));
        Assert.Equal("x", ex.RpcData!.Value.GetProperty("reason").GetString());
        Assert.Null(ex.RevertData); // not a hex string, so not guessed at
    }

    [Fact]
    public async Task NodeErrorInHttp500Body_isRpcExceptionNotRetried()
    {
        var handler = new FakeHandler((req, _) => FakeHandler.Error(req, -32602, "invalid params", status: HttpStatusCode.InternalServerError));
        var ex = await Assert.ThrowsAsync<RpcException>(() => Rpc.Over(handler).SendAsync<string>("eth_getBalance", ["0x1"], Ct));
        Assert.Equal(-32602, ex.Code);
        Assert.Equal(1, handler.Count);
    }

    [Fact]
    public async Task Http401_isTransportExceptionNotRetried_andHidesTheApiKeyInTheUrl()
    {
        var handler = new FakeHandler((_, _) => new HttpResponseMessage(HttpStatusCode.Unauthorized) { Content = new StringContent("no") });
        var options = Rpc.Options(new Uri("https://user:pw@rpc.example.org/v3/SECRETKEY123?key=SECRETQUERY"));
        var ex = await Assert.ThrowsAsync<RpcTransportException>(() => Rpc.Over(handler, options).SendAsync<string>("eth_chainId", null, Ct));
        Assert.Equal(1, handler.Count);
        Assert.Equal(1, ex.Attempts);
        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Equal(new Uri("https://rpc.example.org"), ex.Endpoint);
        Assert.DoesNotContain("SECRET", ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("pw", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResponseIdMismatch_isFormatErrorNotRetried()
    {
        var handler = new FakeHandler((_, _) => FakeHandler.Json("""{"jsonrpc":"2.0","id":999999,"result":"0x1"}"""));
        var ex = await Assert.ThrowsAsync<RpcResponseFormatException>(() => Rpc.Over(handler).SendAsync<string>("eth_chainId", null, Ct));
        Assert.Contains("999999", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, handler.Count);
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":ID,"result":"0x1","error":{"code":1,"message":"m"}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":ID}""")]
    [InlineData("""{"id":ID,"result":"0x1"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":ID,"error":{"code":"x","message":"m"}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":ID,"result":"0x1","result":"0x2"}""")]
    [InlineData("""[{"jsonrpc":"2.0","id":ID,"result":"0x1"}]""")]
    public async Task ResponseBreakingJsonRpc_isFormatError(string template)
    {
        var handler = new FakeHandler((req, _) => FakeHandler.Json(template.Replace("ID", req.GetProperty("id").GetRawText(), StringComparison.Ordinal)));
        await Assert.ThrowsAsync<RpcResponseFormatException>(() => Rpc.Over(handler).SendAsync<string>("eth_chainId", null, Ct));
        Assert.Equal(1, handler.Count);
    }

    [Fact]
    public async Task Batch_mismatchedIds_isFormatErrorNotRetried()
    {
        var handler = new FakeHandler((req, _) => FakeHandler.Json(
            "[" + string.Join(',', req.EnumerateArray().Select(r => $$"""{"jsonrpc":"2.0","id":{{r.GetProperty("id").GetInt64() + 100}},"result":"0x1"}""")) + "]"));
        var ex = await Assert.ThrowsAsync<RpcResponseFormatException>(() => Rpc.Over(handler).SendBatchAsync([new("eth_chainId"), new("eth_blockNumber")], Ct));
        Assert.Contains("matches no request", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, handler.Count);
    }

    [Fact]
    public async Task Batch_missingAnswer_isFormatError()
    {
        var handler = new FakeHandler((req, _) => FakeHandler.Json($$"""[{"jsonrpc":"2.0","id":{{req[0].GetProperty("id").GetInt64()}},"result":"0x1"}]"""));
        var ex = await Assert.ThrowsAsync<RpcResponseFormatException>(() => Rpc.Over(handler).SendBatchAsync([new("eth_chainId"), new("eth_blockNumber")], Ct));
        Assert.Contains("eth_blockNumber", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_duplicatedAnswer_isFormatError()
    {
        var handler = new FakeHandler((req, _) =>
        {
            var id = req[0].GetProperty("id").GetInt64();
            return FakeHandler.Json($$"""[{"jsonrpc":"2.0","id":{{id}},"result":"0x1"},{"jsonrpc":"2.0","id":{{id}},"result":"0x2"}]""");
        });
        await Assert.ThrowsAsync<RpcResponseFormatException>(() => Rpc.Over(handler).SendBatchAsync([new("eth_chainId"), new("eth_blockNumber")], Ct));
    }

    [Fact]
    public async Task Batch_answersOutOfOrder_areMatchedById()
    {
        var handler = new FakeHandler((req, _) => FakeHandler.Json(
            "[" + string.Join(',', req.EnumerateArray().Reverse().Select(r => $$"""{"jsonrpc":"2.0","id":{{r.GetProperty("id").GetInt64()}},"result":"{{r.GetProperty("method").GetString()}}"}""")) + "]"));
        var responses = await Rpc.Over(handler).SendBatchAsync([new("a"), new("b"), new("c")], Ct);
        Assert.Equal(["a", "b", "c"], responses.Select(r => r.GetResult<string>()));
    }

    [Fact]
    public async Task Batch_rejectedAsAWhole_isRpcException()
    {
        var handler = new FakeHandler((_, _) => FakeHandler.Json("""{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"batch too large"}}"""));
        var ex = await Assert.ThrowsAsync<RpcException>(() => Rpc.Over(handler).SendBatchAsync([new("eth_chainId")], Ct));
        Assert.Equal(-32600, ex.Code);
        Assert.StartsWith("batch(eth_chainId)", ex.Method, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HugeBody_declaredLength_isRejectedWithoutRetry()
    {
        var handler = new FakeHandler((_, _) => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(new byte[4096]) });
        var options = Rpc.Options(Rpc.FakeEndpoint) with { MaxResponseBytes = 1024 };
        var ex = await Assert.ThrowsAsync<RpcResponseFormatException>(() => Rpc.Over(handler, options).SendAsync<string>("eth_getLogs", null, Ct));
        Assert.Contains("1024-byte limit", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, handler.Count);
    }

    [Fact]
    public async Task HugeBody_endlessStreamWithoutLength_isCutOffAtTheLimit()
    {
        var stream = new EndlessStream();
        var handler = new FakeHandler((_, _) => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(stream) });
        var options = Rpc.Options(Rpc.FakeEndpoint) with { MaxResponseBytes = 64 * 1024 };
        await Assert.ThrowsAsync<RpcResponseFormatException>(() => Rpc.Over(handler, options).SendAsync<string>("eth_getLogs", null, Ct));
        Assert.InRange(stream.Served, 64 * 1024, 256 * 1024);
    }

    [Theory]
    [InlineData("eth_blockNumber", "\"0x01\"")]   // QUANTITY with a leading zero
    [InlineData("eth_blockNumber", "\"0xzz\"")]
    [InlineData("eth_blockNumber", "\"42\"")]
    [InlineData("eth_blockNumber", "42")]
    [InlineData("eth_blockNumber", "null")]
    [InlineData("eth_blockNumber", "\"0x10000000000000000\"")] // over 64 bits
    [InlineData("eth_getCode", "\"0x123\"")]       // odd-length DATA
    [InlineData("eth_getCode", "\"abcd\"")]        // DATA without 0x
    public async Task MalformedScalarResult_isFormatError(string method, string result)
    {
        var handler = new FakeHandler((req, _) => FakeHandler.Result(req, result));
        var eth = new EthClient(Rpc.Over(handler));
        Task call = method == "eth_getCode" ? eth.GetCodeAsync(Address.Zero, ct: Ct) : eth.BlockNumberAsync(Ct);
        await Assert.ThrowsAsync<RpcResponseFormatException>(() => call);
        Assert.Equal(1, handler.Count);
    }

    [Theory]
    [InlineData("\"blockHash\":\"0x1234\"", "blockHash")]     // hash of the wrong length
    [InlineData("\"gasUsed\":\"0x\"", "gasUsed")]
    [InlineData("\"from\":\"0xF39FD6E51AAD88f6f4ce6ab8827279cfffb92266\"", "from")] // wrong EIP-55 case
    [InlineData("\"status\":\"0x2\"", "status")]
    [InlineData("\"logs\":{}", "logs")]
    [InlineData("\"logs\":[{\"address\":\"0x0000000000000000000000000000000000000001\"}]", "logs[0].topics")]
    public async Task MalformedReceipt_isFormatErrorNamingTheField(string replacement, string field)
    {
        var name = replacement[1..replacement.IndexOf('"', 1)];
        var fields = ValidReceiptFields().Where(f => !f.StartsWith($"\"{name}\"", StringComparison.Ordinal)).Append(replacement);
        var handler = new FakeHandler((req, _) => FakeHandler.Result(req, "{" + string.Join(',', fields) + "}"));
        var ex = await Assert.ThrowsAsync<RpcResponseFormatException>(() => new EthClient(Rpc.Over(handler)).GetTransactionReceiptAsync(ReceiptHash, Ct));
        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Receipt_missingField_isFormatError()
    {
        var fields = ValidReceiptFields().Where(f => !f.StartsWith("\"blockNumber\"", StringComparison.Ordinal));
        var handler = new FakeHandler((req, _) => FakeHandler.Result(req, "{" + string.Join(',', fields) + "}"));
        var ex = await Assert.ThrowsAsync<RpcResponseFormatException>(() => new EthClient(Rpc.Over(handler)).GetTransactionReceiptAsync(ReceiptHash, Ct));
        Assert.Contains("blockNumber is missing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Receipt_valid_parses()
    {
        var handler = new FakeHandler((req, _) => FakeHandler.Result(req, "{" + string.Join(',', ValidReceiptFields()) + "}"));
        var receipt = await new EthClient(Rpc.Over(handler)).GetTransactionReceiptAsync(ReceiptHash, Ct);
        Assert.Equal(ReceiptHash, receipt!.TransactionHash);
        Assert.Equal(0x5208UL, receipt.GasUsed);
        Assert.True(receipt.Succeeded);
    }

    [Fact]
    public async Task Receipt_forAnotherTransaction_isFormatError()
    {
        var handler = new FakeHandler((req, _) => FakeHandler.Result(req, "{" + string.Join(',', ValidReceiptFields()) + "}"));
        await Assert.ThrowsAsync<RpcResponseFormatException>(() => new EthClient(Rpc.Over(handler)).GetTransactionReceiptAsync(new byte[32], Ct));
    }

    [Fact]
    public async Task SendRawTransaction_nodeReturnsAnotherHash_isFormatError()
    {
        var handler = new FakeHandler((req, _) => FakeHandler.Result(req, $"\"{Hex.Encode(new byte[32])}\""));
        var ex = await Assert.ThrowsAsync<RpcResponseFormatException>(() => new EthClient(Rpc.Over(handler)).SendRawTransactionAsync([0x02, 0xc0], Ct));
        Assert.Contains(Hex.Encode(Keccak.Hash([0x02, 0xc0])), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetBlockByNumber_answerForAnotherBlock_isFormatError()
    {
        var handler = new FakeHandler((req, _) => FakeHandler.Result(req, $$"""
            {"number":"0x5","hash":"{{Hex.Encode(new byte[32])}}","parentHash":"{{Hex.Encode(new byte[32])}}","timestamp":"0x1",
             "gasLimit":"0x1","gasUsed":"0x0","miner":"0x0000000000000000000000000000000000000000","transactions":[]}
            """));
        var ex = await Assert.ThrowsAsync<RpcResponseFormatException>(() => new EthClient(Rpc.Over(handler)).GetBlockByNumberAsync(6, ct: Ct));
        Assert.Contains("got block 5", ex.Message, StringComparison.Ordinal);
    }

    private static readonly byte[] ReceiptHash = Keccak.HashUtf8("receipt");

    private static IEnumerable<string> ValidReceiptFields() =>
    [
        $"\"transactionHash\":\"{Hex.Encode(ReceiptHash)}\"",
        "\"transactionIndex\":\"0x0\"",
        $"\"blockHash\":\"{Hex.Encode(Keccak.HashUtf8("block"))}\"",
        "\"blockNumber\":\"0x7\"",
        "\"from\":\"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266\"",
        "\"to\":null",
        "\"contractAddress\":null",
        "\"cumulativeGasUsed\":\"0x5208\"",
        "\"gasUsed\":\"0x5208\"",
        "\"effectiveGasPrice\":\"0x3b9aca00\"",
        "\"status\":\"0x1\"",
        "\"type\":\"0x2\"",
        "\"logs\":[]",
    ];

    /// <summary>A body that never ends, counting what it served, for the size limit.</summary>
    private sealed class EndlessStream : Stream
    {
        public long Served { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Served; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)' ');
            Served += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
