using System.Buffers;
using System.Text.Json;

namespace EcoValue.Ethereum.Rpc;

/// <summary>Writes JSON-RPC 2.0 request objects (specification section 4).</summary>
internal static class RequestWriter
{
    public static byte[] Single(long id, string method, object?[] parameters)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            Write(w, id, method, parameters);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Batch(long[] ids, IReadOnlyList<RpcRequest> requests)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            for (var i = 0; i < ids.Length; i++)
            {
                Write(w, ids[i], requests[i].Method, requests[i].Params ?? []);
            }

            w.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(Utf8JsonWriter w, long id, string method, object?[] parameters)
    {
        w.WriteStartObject();
        w.WriteString("jsonrpc", "2.0");
        w.WriteNumber("id", id);
        w.WriteString("method", method);
        w.WriteStartArray("params");
        foreach (var p in parameters)
        {
            if (p is null)
            {
                w.WriteNullValue();
            }
            else
            {
                JsonSerializer.Serialize(w, p, p.GetType());
            }
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}

/// <summary>Reads one JSON-RPC 2.0 response object (specification section 5), strictly.</summary>
internal static class ResponseReader
{
    public readonly record struct Response(long? Id, JsonElement Result, RpcError? Error);

    public static Response Read(JsonElement item, string label, string path)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new RpcResponseFormatException(label, $"{path} must be an object, got {RpcJson.Describe(item)}");
        }

        if (!item.TryGetProperty("jsonrpc", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "2.0")
        {
            throw new RpcResponseFormatException(label, $"{path} lacks \"jsonrpc\": \"2.0\"");
        }

        long? id = null;
        if (!item.TryGetProperty("id", out var idElement))
        {
            throw new RpcResponseFormatException(label, $"{path} has no id");
        }

        if (idElement.ValueKind == JsonValueKind.Number && idElement.TryGetInt64(out var n))
        {
            id = n;
        }
        else if (idElement.ValueKind != JsonValueKind.Null)
        {
            // We only ever send integer ids, so anything else cannot be an answer to us.
            throw new RpcResponseFormatException(label, $"{path} has id {idElement.GetRawText()}, not one we sent");
        }

        var hasResult = item.TryGetProperty("result", out var result);
        var hasError = item.TryGetProperty("error", out var error);
        if (hasResult == hasError)
        {
            throw new RpcResponseFormatException(label, $"{path} must have exactly one of result and error");
        }

        return hasResult
            ? new Response(id, result.Clone(), null)
            : new Response(id, default, ReadError(error, label, path));
    }

    private static RpcError ReadError(JsonElement error, string label, string path)
    {
        if (error.ValueKind != JsonValueKind.Object
            || !error.TryGetProperty("code", out var code) || code.ValueKind != JsonValueKind.Number || !code.TryGetInt64(out var c)
            || !error.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String)
        {
            throw new RpcResponseFormatException(label, $"{path}.error must be an object with an integer code and a string message");
        }

        JsonElement? data = error.TryGetProperty("data", out var d) ? d.Clone() : null;
        return new RpcError(c, message.GetString()!, data);
    }
}
