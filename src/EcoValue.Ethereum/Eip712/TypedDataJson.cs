using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using EcoValue.Ethereum.Abi;

namespace EcoValue.Ethereum.Eip712;

/// <summary>
/// eth_signTypedData_v4 JSON in and out. Reading is strict: only the four top-level members, {name, type} field entries,
/// the five domain fields, integers without fractions or exponents, no duplicate keys. Message values become the plain
/// model <see cref="TypedDataEncoder"/> hashes (maps, lists, strings, BigInteger, bool, null); text is interpreted by
/// the declared type when hashing.
/// </summary>
internal static class TypedDataJson
{
    private static readonly BigInteger MaxSafeInteger = (BigInteger.One << 53) - 1;

    public static TypedData Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 2 * TypedDataEncoder.MaxDepth });
        }
        catch (JsonException e)
        {
            throw new Eip712Exception($"typed data is not valid JSON: {e.Message}");
        }

        using (doc)
        {
            var root = Object(doc.RootElement, "typed data");
            var types = new Dictionary<string, IReadOnlyList<TypedDataField>>(StringComparer.Ordinal);
            foreach (var (name, fields) in Object(Member(root, "types"), "types"))
            {
                if (fields.ValueKind != JsonValueKind.Array)
                {
                    throw new Eip712Exception($"types.{name} must be an array of {{name, type}}");
                }

                types[name] = [.. fields.EnumerateArray().Select(f => Field(f, name))];
            }

            var primary = Member(root, "primaryType");
            if (primary.ValueKind != JsonValueKind.String)
            {
                throw new Eip712Exception("primaryType must be a string");
            }

            var message = Value(Member(root, "message"), "message") as IReadOnlyDictionary<string, object?>
                ?? throw new Eip712Exception("message must be an object");
            foreach (var key in root.Keys)
            {
                if (key is not ("types" or "primaryType" or "domain" or "message"))
                {
                    throw new Eip712Exception($"unexpected top-level member '{key}'");
                }
            }

            return new TypedData(types, primary.GetString()!, Domain(Object(Member(root, "domain"), "domain")), message);
        }
    }

    public static string Write(TypedData data)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartObject("types");
            foreach (var (name, fields) in data.Types)
            {
                w.WriteStartArray(name);
                foreach (var field in fields)
                {
                    w.WriteStartObject();
                    w.WriteString("name", field.Name);
                    w.WriteString("type", field.Type);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.WriteString("primaryType", data.PrimaryType);
            w.WritePropertyName("domain");
            WriteValue(w, data.Domain.ToStructValue());
            w.WritePropertyName("message");
            WriteValue(w, data.Message);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null:
                w.WriteNullValue();
                break;
            case string s:
                w.WriteStringValue(s);
                break;
            case bool b:
                w.WriteBooleanValue(b);
                break;
            case byte[] bytes:
                w.WriteStringValue(Hex.Encode(bytes));
                break;
            case Address address:
                w.WriteStringValue(address.ToString());
                break;
            case IReadOnlyDictionary<string, object?> map:
                w.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    w.WritePropertyName(key);
                    WriteValue(w, item);
                }

                w.WriteEndObject();
                break;
            default:
                if (AbiValues.TryGetInteger(value, out var integer))
                {
                    // JavaScript clients read numbers as doubles: beyond 2^53 the text form is the only exact one.
                    if (BigInteger.Abs(integer) <= MaxSafeInteger)
                    {
                        w.WriteRawValue(integer.ToString(CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        w.WriteStringValue(integer.ToString(CultureInfo.InvariantCulture));
                    }
                }
                else if (AbiValues.AsList(value) is { } list)
                {
                    w.WriteStartArray();
                    foreach (var item in list)
                    {
                        WriteValue(w, item);
                    }

                    w.WriteEndArray();
                }
                else
                {
                    throw new Eip712Exception($"cannot write a {value.GetType().Name} as typed-data JSON");
                }

                break;
        }
    }

    private static Eip712Domain Domain(Dictionary<string, JsonElement> domain)
    {
        string? name = null, version = null;
        BigInteger? chainId = null;
        Address? contract = null;
        byte[]? salt = null;
        foreach (var (key, value) in domain)
        {
            var path = "domain." + key;
            switch (key)
            {
                case "name":
                    name = String(value, path);
                    break;
                case "version":
                    version = String(value, path);
                    break;
                case "chainId":
                    chainId = value.ValueKind == JsonValueKind.Number ? Integer(value, path) : ParseQuantity(String(value, path), path);
                    break;
                case "verifyingContract":
                    try
                    {
                        contract = Address.Parse(String(value, path));
                    }
                    catch (HexFormatException e)
                    {
                        throw new Eip712Exception($"{path}: {e.Message}");
                    }

                    break;
                case "salt":
                    try
                    {
                        salt = Hex.DecodeFixed(String(value, path), 32);
                    }
                    catch (HexFormatException e)
                    {
                        throw new Eip712Exception($"{path}: {e.Message}");
                    }

                    break;
                default:
                    throw new Eip712Exception($"{path}: not an EIP-712 domain field (name, version, chainId, verifyingContract, salt)");
            }
        }

        return new Eip712Domain { Name = name, Version = version, ChainId = chainId, VerifyingContract = contract, Salt = salt };
    }

    private static BigInteger ParseQuantity(string text, string path)
    {
        var hex = text.StartsWith("0x", StringComparison.Ordinal);
        var digits = hex ? text.AsSpan(2) : text.AsSpan();
        var ok = digits.Length > 0 && (hex ? !digits.ContainsAnyExcept(TypedDataEncoder.HexDigits) : !digits.ContainsAnyExceptInRange('0', '9'));
        if (!ok)
        {
            throw new Eip712Exception($"{path}: '{text}' is not a non-negative integer");
        }

        return hex
            ? BigInteger.Parse(string.Concat("0", digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)
            : BigInteger.Parse(digits, CultureInfo.InvariantCulture);
    }

    private static TypedDataField Field(JsonElement entry, string typeName)
    {
        var members = Object(entry, $"types.{typeName} entry");
        if (members.Count != 2 || !members.TryGetValue("name", out var name) || !members.TryGetValue("type", out var type)
            || name.ValueKind != JsonValueKind.String || type.ValueKind != JsonValueKind.String)
        {
            throw new Eip712Exception($"types.{typeName}: each field is {{\"name\": string, \"type\": string}}");
        }

        return new TypedDataField(name.GetString()!, type.GetString()!);
    }

    private static object? Value(JsonElement e, string path) => e.ValueKind switch
    {
        JsonValueKind.Object => Object(e, path).ToDictionary(kv => kv.Key, kv => Value(kv.Value, $"{path}.{kv.Key}"), StringComparer.Ordinal),
        JsonValueKind.Array => e.EnumerateArray().Select((item, i) => Value(item, $"{path}[{i}]")).ToList(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => Integer(e, path),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static BigInteger Integer(JsonElement e, string path)
    {
        var raw = e.GetRawText();
        var digits = raw.StartsWith('-') ? raw.AsSpan(1) : raw.AsSpan();
        if (digits.Length == 0 || digits.ContainsAnyExceptInRange('0', '9'))
        {
            throw new Eip712Exception($"{path}: {raw} is not an integer (no fractions or exponents)");
        }

        return BigInteger.Parse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    private static string String(JsonElement e, string path) =>
        e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new Eip712Exception($"{path} must be a string");

    private static JsonElement Member(Dictionary<string, JsonElement> obj, string name) =>
        obj.TryGetValue(name, out var value) ? value : throw new Eip712Exception($"typed data has no '{name}'");

    /// <summary>An object's members, refusing duplicate keys (JSON parsers disagree on which one wins).</summary>
    private static Dictionary<string, JsonElement> Object(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new Eip712Exception($"{path} must be an object");
        }

        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject())
        {
            if (!members.TryAdd(p.Name, p.Value))
            {
                throw new Eip712Exception($"{path}: duplicate key '{p.Name}'");
            }
        }

        return members;
    }
}
