using System.Numerics;
using System.Text.Json;

namespace EcoValue.Ethereum.Rpc;

/// <summary>
/// Strict readers for node results. Every value is checked against the Ethereum JSON-RPC encoding (execution-apis:
/// QUANTITY without leading zeros, DATA as even-length hex, fixed sizes for hashes and addresses); anything else is
/// an <see cref="RpcResponseFormatException"/> naming the field, never a NullReference or a silent default.
/// </summary>
internal static class RpcJson
{
    public static T? Deserialize<T>(JsonElement value, string method)
    {
        try
        {
            return value.Deserialize<T>();
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new RpcResponseFormatException(method, $"result is not a {typeof(T).Name}: {e.Message}", e);
        }
    }

    public static BigInteger Quantity(JsonElement value, string method, string field) =>
        Parse(value, method, field, Hex.DecodeQuantity);

    public static ulong UInt64(JsonElement value, string method, string field) =>
        Parse(value, method, field, Hex.DecodeQuantityUInt64);

    public static byte[] Bytes(JsonElement value, string method, string field) =>
        Parse(value, method, field, s => s.StartsWith("0x", StringComparison.Ordinal)
            ? Hex.Decode(s)
            : throw new HexFormatException("DATA must start with 0x"));

    public static byte[] Hash(JsonElement value, string method, string field) =>
        Parse(value, method, field, s => s.StartsWith("0x", StringComparison.Ordinal)
            ? Hex.DecodeFixed(s, 32)
            : throw new HexFormatException("a hash must start with 0x"));

    public static Address Address(JsonElement value, string method, string field) =>
        Parse(value, method, field, Ethereum.Address.Parse);

    private static T Parse<T>(JsonElement value, string method, string field, Func<string, T> parse)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new RpcResponseFormatException(method, $"{field} must be a hex string, got {Describe(value)}");
        }

        try
        {
            return parse(value.GetString()!);
        }
        catch (HexFormatException e)
        {
            throw new RpcResponseFormatException(method, $"{field}: {e.Message}", e);
        }
    }

    internal static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Undefined => "nothing",
        JsonValueKind.Null => "null",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };
}

/// <summary>A JSON object from a node result, read field by field with the strict <see cref="RpcJson"/> rules.</summary>
internal readonly struct ResultObject
{
    private readonly JsonElement _element;
    private readonly string _method;
    private readonly string _path;

    public ResultObject(JsonElement element, string method, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new RpcResponseFormatException(method, $"{path} must be an object, got {RpcJson.Describe(element)}");
        }

        _element = element;
        _method = method;
        _path = path;
    }

    public string Method => _method;

    public BigInteger Quantity(string name) => RpcJson.Quantity(Required(name), _method, Field(name));

    public BigInteger? OptionalQuantity(string name) =>
        Optional(name) is { } v ? RpcJson.Quantity(v, _method, Field(name)) : null;

    public ulong UInt64(string name) => RpcJson.UInt64(Required(name), _method, Field(name));

    public ulong? OptionalUInt64(string name) =>
        Optional(name) is { } v ? RpcJson.UInt64(v, _method, Field(name)) : null;

    public byte[] Bytes(string name) => RpcJson.Bytes(Required(name), _method, Field(name));

    public byte[] Hash(string name) => RpcJson.Hash(Required(name), _method, Field(name));

    public byte[]? OptionalHash(string name) =>
        Optional(name) is { } v ? RpcJson.Hash(v, _method, Field(name)) : null;

    public Address Address(string name) => RpcJson.Address(Required(name), _method, Field(name));

    public Address? OptionalAddress(string name) =>
        Optional(name) is { } v ? RpcJson.Address(v, _method, Field(name)) : null;

    public bool OptionalBool(string name, bool missing)
    {
        if (Optional(name) is not { } v)
        {
            return missing;
        }

        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new RpcResponseFormatException(_method, $"{Field(name)} must be a boolean, got {RpcJson.Describe(v)}"),
        };
    }

    /// <summary>The elements of a required array field.</summary>
    public JsonElement.ArrayEnumerator Array(string name)
    {
        var v = Required(name);
        if (v.ValueKind != JsonValueKind.Array)
        {
            throw new RpcResponseFormatException(_method, $"{Field(name)} must be an array, got {RpcJson.Describe(v)}");
        }

        return v.EnumerateArray();
    }

    /// <summary>An array field's elements as objects, with indexed paths for error messages.</summary>
    public IEnumerable<ResultObject> Objects(string name)
    {
        var i = 0;
        foreach (var e in Array(name))
        {
            yield return new ResultObject(e, _method, $"{Field(name)}[{i++}]");
        }
    }

    public string Field(string name) => _path.Length == 0 ? name : $"{_path}.{name}";

    public JsonElement Required(string name)
    {
        if (!_element.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            throw new RpcResponseFormatException(_method, $"{Field(name)} is missing");
        }

        return v;
    }

    public JsonElement? Optional(string name) =>
        _element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;
}
