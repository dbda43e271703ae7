using System.Net;
using System.Text.Json;

namespace EcoValue.Ethereum.Rpc;

/// <summary>
/// Base of every failure of a JSON-RPC exchange. The three kinds need different handling by a caller that sends
/// transactions, so they are separate types: <see cref="RpcException"/> (the node answered and said no — the
/// request was seen and rejected), <see cref="RpcTransportException"/> (no usable answer: the request may or may
/// not have reached the node) and <see cref="RpcResponseFormatException"/> (an answer that breaks the protocol or
/// the expected shape).
/// </summary>
public abstract class RpcClientException : EthereumException
{
    protected RpcClientException(string method, string message, Exception? inner = null)
        : base(message, inner!)
    {
        Method = method;
    }

    /// <summary>The JSON-RPC method (or "batch(m1,m2,…)") that failed. Parameters are never recorded: they may hold secrets.</summary>
    public string Method { get; }
}

/// <summary>
/// The node answered with a JSON-RPC error object (e.g. -32000 "nonce too low", 3 "execution reverted").
/// Code, message and data are kept exactly as the node sent them; such an error is never retried.
/// </summary>
public sealed class RpcException : RpcClientException
{
    public RpcException(string method, RpcError error)
        : base(method, $"{method}: node returned error {error.Code}: {error.Message}")
    {
        Error = error;
    }

    public RpcError Error { get; }

    /// <summary>JSON-RPC error code as sent by the node.</summary>
    public long Code => Error.Code;

    /// <summary>The node's error message, verbatim (<see cref="Exception.Message"/> adds the method and code).</summary>
    public string RpcMessage => Error.Message;

    /// <summary>The error's <c>data</c> member verbatim, or null when the node sent none (named so as not to hide <see cref="Exception.Data"/>).</summary>
    public JsonElement? RpcData => Error.Data;

    /// <summary>Revert data when <c>data</c> is a hex byte string (geth, anvil, Besu for code 3), otherwise null.</summary>
    public byte[]? RevertData => Error.DataAsBytes();
}

/// <summary>No usable answer after every allowed attempt: connection refused or reset, timeout, HTTP 429/502/503/504,
/// a truncated or non-JSON body, or an HTTP status that no retry can fix. The request may have reached the node.</summary>
public sealed class RpcTransportException : RpcClientException
{
    public RpcTransportException(string method, Uri endpoint, int attempts, HttpStatusCode? statusCode, string reason, Exception? inner)
        : base(method, $"{method}: {reason} ({Redact(endpoint)}, {attempts} attempt{(attempts == 1 ? "" : "s")})", inner)
    {
        Endpoint = Redact(endpoint);
        Attempts = attempts;
        StatusCode = statusCode;
    }

    /// <summary>Scheme, host and port of the endpoint; path, query and user info are dropped because hosted
    /// providers put API keys there and exception messages end up in logs.</summary>
    public Uri Endpoint { get; }

    /// <summary>How many HTTP requests were sent (1 + retries).</summary>
    public int Attempts { get; }

    /// <summary>HTTP status of the last attempt, when there was one.</summary>
    public HttpStatusCode? StatusCode { get; }

    // Uri.Authority is host[:port] without user info.
    private static Uri Redact(Uri endpoint) => new($"{endpoint.Scheme}://{endpoint.Authority}");
}

/// <summary>The node answered with well-formed JSON that is not the expected response: wrong or missing ids, neither
/// or both of result and error, a field missing or malformed (bad hex, wrong length), or a body over the size limit.</summary>
public sealed class RpcResponseFormatException : RpcClientException
{
    public RpcResponseFormatException(string method, string message, Exception? inner = null)
        : base(method, $"{method}: malformed response: {message}", inner)
    {
    }
}
