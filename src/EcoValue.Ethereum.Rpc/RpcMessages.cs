using System.Text.Json;

namespace EcoValue.Ethereum.Rpc;

/// <summary>A JSON-RPC 2.0 error object, verbatim.</summary>
/// <param name="Data">The <c>data</c> member exactly as sent (often revert data hex), or null when absent.</param>
public sealed record RpcError(long Code, string Message, JsonElement? Data)
{
    /// <summary>The data as bytes when it is a 0x-prefixed hex string, else null.</summary>
    public byte[]? DataAsBytes()
    {
        if (Data is not { ValueKind: JsonValueKind.String } d || d.GetString() is not { } s || !s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            return Hex.Decode(s);
        }
        catch (HexFormatException)
        {
            return null;
        }
    }
}

/// <summary>One call of a batch. Parameters are serialised with System.Text.Json (strings, numbers, booleans,
/// arrays, JsonNode/JsonElement for structured values).</summary>
public sealed record RpcRequest(string Method, params object?[] Params);

/// <summary>The answer to one call of a batch: either a result or the node's error for that call.</summary>
public sealed class RpcResponse
{
    internal RpcResponse(string method, JsonElement result, RpcError? error)
    {
        Method = method;
        Result = result;
        Error = error;
    }

    public string Method { get; }

    /// <summary>The raw result (undefined when <see cref="Error"/> is set).</summary>
    public JsonElement Result { get; }

    public RpcError? Error { get; }

    public bool IsError => Error is not null;

    /// <summary>The result deserialised to <typeparamref name="T"/>; the node's error as <see cref="RpcException"/>.</summary>
    public T? GetResult<T>()
    {
        if (Error is not null)
        {
            throw new RpcException(Method, Error);
        }

        return RpcJson.Deserialize<T>(Result, Method);
    }
}
