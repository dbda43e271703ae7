using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using EcoValue.Ethereum.Abi;

namespace EcoValue.Ethereum.Tests.Eip712;

/// <summary>
/// Random eth_signTypedData_v4 documents, written straight to JSON (not through our own ToJson): random domains with
/// any subset of fields, 1-5 struct types referencing each other as a DAG (cast, like ethers, refuses cyclic types),
/// atomic, dynamic, struct, array, fixed-array and multi-dimensional fields, and values in the JSON spellings wallets
/// send (numbers, decimal or hex text, checksummed or lower-case addresses, unicode strings).
/// </summary>
internal sealed class Eip712Random(Random random)
{
    private const string NameStart = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_";
    private const string NameRest = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";

    private static readonly string[] Pieces = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "{", "]", ",", "é", "中文", "🌲", "😀", "\u0000", "\u2028"];

    public string Document()
    {
        var structCount = random.Next(1, 6);
        var names = new List<string>();
        while (names.Count < structCount)
        {
            var name = Identifier();
            if (name != "EIP712Domain" && !names.Contains(name, StringComparer.Ordinal) && !IsAbiTypeName(name))
            {
                names.Add(name);
            }
        }

        // Struct i may reference struct j > i only, so the graph is acyclic; unreferenced types are left in on purpose.
        var types = new List<(string Name, List<(string Field, string Type)> Fields)>();
        for (var i = 0; i < structCount; i++)
        {
            var fields = new List<(string, string)>();
            var fieldNames = new HashSet<string>(StringComparer.Ordinal);
            var fieldCount = random.Next(1, 6);
            while (fields.Count < fieldCount)
            {
                var fieldName = Identifier();
                if (fieldNames.Add(fieldName))
                {
                    fields.Add((fieldName, FieldType(names, i)));
                }
            }

            types.Add((names[i], fields));
        }

        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            var domain = Domain();
            w.WriteStartObject("types");
            w.WriteStartArray("EIP712Domain");
            foreach (var (field, type, _) in domain)
            {
                w.WriteStartObject();
                w.WriteString("name", field);
                w.WriteString("type", type);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            foreach (var (name, fields) in types)
            {
                w.WriteStartArray(name);
                foreach (var (field, type) in fields)
                {
                    w.WriteStartObject();
                    w.WriteString("name", field);
                    w.WriteString("type", type);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.WriteString("primaryType", names[0]);
            w.WriteStartObject("domain");
            foreach (var (field, _, write) in domain)
            {
                w.WritePropertyName(field);
                write(w);
            }

            w.WriteEndObject();
            w.WritePropertyName("message");
            WriteStruct(w, types, 0);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private List<(string Field, string Type, Action<Utf8JsonWriter> Write)> Domain()
    {
        var fields = new List<(string, string, Action<Utf8JsonWriter>)>();
        if (random.Next(2) == 0)
        {
            var name = Text();
            fields.Add(("name", "string", w => w.WriteStringValue(name)));
        }

        if (random.Next(2) == 0)
        {
            var version = Text();
            fields.Add(("version", "string", w => w.WriteStringValue(version)));
        }

        if (random.Next(2) == 0)
        {
            var chainId = random.Next(3) == 0 ? Unsigned(256) : random.Next(1, 100_000);
            fields.Add(("chainId", "uint256", w => WriteInteger(w, chainId)));
        }

        if (random.Next(2) == 0)
        {
            var contract = AddressText();
            fields.Add(("verifyingContract", "address", w => w.WriteStringValue(contract)));
        }

        if (random.Next(2) == 0)
        {
            var salt = Hex.Encode(Bytes(32));
            fields.Add(("salt", "bytes32", w => w.WriteStringValue(salt)));
        }

        return fields;
    }

    private string FieldType(List<string> names, int owner)
    {
        string baseType;
        var isStruct = owner + 1 < names.Count && random.Next(3) == 0;
        if (isStruct)
        {
            baseType = names[random.Next(owner + 1, names.Count)];
        }
        else
        {
            baseType = random.Next(9) switch
            {
                0 => "uint" + (8 * random.Next(1, 33)).ToString(CultureInfo.InvariantCulture),
                1 => "int" + (8 * random.Next(1, 33)).ToString(CultureInfo.InvariantCulture),
                2 => "address",
                3 => "bool",
                4 => "bytes" + random.Next(1, 33).ToString(CultureInfo.InvariantCulture),
                5 => "bytes",
                6 => "string",
                7 => "uint256",
                _ => "int256",
            };
        }

        var dimensions = random.Next(10) switch
        {
            < 6 => 0,
            < 9 => 1,
            _ => isStruct ? 1 : 2,
        };
        for (var d = 0; d < dimensions; d++)
        {
            baseType += random.Next(2) == 0 ? "[]" : "[" + random.Next(1, isStruct ? 3 : 4).ToString(CultureInfo.InvariantCulture) + "]";
        }

        return baseType;
    }

    private void WriteStruct(Utf8JsonWriter w, List<(string Name, List<(string Field, string Type)> Fields)> types, int index)
    {
        w.WriteStartObject();
        foreach (var (field, type) in types[index].Fields)
        {
            w.WritePropertyName(field);
            WriteValue(w, types, type);
        }

        w.WriteEndObject();
    }

    private void WriteValue(Utf8JsonWriter w, List<(string Name, List<(string Field, string Type)> Fields)> types, string type)
    {
        if (type.EndsWith(']'))
        {
            var open = type.LastIndexOf('[');
            var inner = type[..open];
            var digits = type[(open + 1)..^1];
            var isStruct = types.Any(t => t.Name == inner.Split('[')[0]);
            var count = digits.Length > 0 ? int.Parse(digits, CultureInfo.InvariantCulture) : random.Next(0, isStruct ? 3 : 4);
            w.WriteStartArray();
            for (var i = 0; i < count; i++)
            {
                WriteValue(w, types, inner);
            }

            w.WriteEndArray();
            return;
        }

        var structIndex = types.FindIndex(t => t.Name == type);
        if (structIndex >= 0)
        {
            WriteStruct(w, types, structIndex);
            return;
        }

        switch (type)
        {
            case "address":
                w.WriteStringValue(AddressText());
                break;
            case "bool":
                w.WriteBooleanValue(random.Next(2) == 0);
                break;
            case "string":
                w.WriteStringValue(Text());
                break;
            case "bytes":
                w.WriteStringValue(Hex.Encode(Bytes(random.Next(4) == 0 ? 0 : random.Next(1, 70))));
                break;
            default:
                if (type.StartsWith("bytes", StringComparison.Ordinal))
                {
                    w.WriteStringValue(Hex.Encode(Bytes(int.Parse(type.AsSpan(5), CultureInfo.InvariantCulture))));
                }
                else if (type.StartsWith("uint", StringComparison.Ordinal))
                {
                    var value = Unsigned(int.Parse(type.AsSpan(4), CultureInfo.InvariantCulture));
                    if (random.Next(4) == 0)
                    {
                        w.WriteStringValue("0x" + value.ToString("x", CultureInfo.InvariantCulture).TrimStart('0').PadLeft(1, '0'));
                    }
                    else
                    {
                        WriteInteger(w, value);
                    }
                }
                else
                {
                    WriteInteger(w, Signed(int.Parse(type.AsSpan(3), CultureInfo.InvariantCulture)));
                }

                break;
        }
    }

    /// <summary>Safe integers as JSON numbers, the rest as decimal text (what JavaScript wallets do).</summary>
    private void WriteInteger(Utf8JsonWriter w, BigInteger value)
    {
        if (BigInteger.Abs(value) < (BigInteger.One << 53) && random.Next(3) > 0)
        {
            w.WriteNumberValue((long)value);
        }
        else
        {
            w.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private BigInteger Unsigned(int bits) => random.Next(5) switch
    {
        0 => BigInteger.Zero,
        1 => (BigInteger.One << bits) - 1,
        _ => new BigInteger(Bytes(bits / 8), isUnsigned: true, isBigEndian: true) >> random.Next(0, bits),
    };

    private BigInteger Signed(int bits) => random.Next(5) switch
    {
        0 => -(BigInteger.One << (bits - 1)),
        1 => (BigInteger.One << (bits - 1)) - 1,
        2 => BigInteger.MinusOne,
        _ => new BigInteger(Bytes(bits / 8), isUnsigned: false, isBigEndian: true) >> random.Next(0, bits),
    };

    private string AddressText()
    {
        var address = new Address(Bytes(20));
        return random.Next(2) == 0 ? address.ToString() : address.ToLowerHex();
    }

    private string Identifier()
    {
        var sb = new StringBuilder().Append(NameStart[random.Next(NameStart.Length)]);
        var length = random.Next(0, 8);
        for (var i = 0; i < length; i++)
        {
            sb.Append(NameRest[random.Next(NameRest.Length)]);
        }

        return sb.ToString();
    }

    private string Text()
    {
        var sb = new StringBuilder();
        var n = random.Next(4) == 0 ? 0 : random.Next(1, 10);
        for (var i = 0; i < n; i++)
        {
            sb.Append(Pieces[random.Next(Pieces.Length)]);
        }

        return sb.ToString();
    }

    private byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static bool IsAbiTypeName(string name)
    {
        try
        {
            AbiType.Parse(name);
            return true;
        }
        catch (AbiException)
        {
            return false;
        }
    }
}
