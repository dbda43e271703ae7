using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EcoValue.Domain.Canonical;

/// <summary>
/// JSON Canonicalization Scheme, RFC 8785: the one byte sequence a JSON value hashes as. Members sorted by the
/// UTF-16 code units of their names (§3.2.3), no whitespace, strings and numbers serialised as ECMAScript's
/// JSON.stringify does (§3.2.2), UTF-8 output (§3.2.4). Input that has no canonical form (duplicate names, lone
/// surrogates, NaN/Infinity, numbers beyond the double range) is rejected with <see cref="JcsException"/>,
/// never repaired: two parties must never disagree about which bytes a record hashes as.
/// </summary>
public static class Jcs
{
    /// <summary>Deepest nesting of arrays and objects accepted (the same limit System.Text.Json applies by default).</summary>
    public const int MaxDepth = 64;

    private static readonly JsonDocumentOptions ParseOptions = new()
    {
        MaxDepth = MaxDepth,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Canonical UTF-8 bytes of a JSON text (RFC 8259; no BOM, no comments, no trailing commas).</summary>
    public static byte[] Canonicalize(ReadOnlySpan<byte> utf8Json)
    {
        using var document = Parse(utf8Json.ToArray());
        return Canonicalize(document.RootElement);
    }

    /// <summary>Canonical UTF-8 bytes of a JSON text held in a .NET string (which must be valid UTF-16).</summary>
    public static byte[] Canonicalize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        byte[] utf8;
        try
        {
            utf8 = StrictUtf8.GetBytes(json);
        }
        catch (EncoderFallbackException e)
        {
            throw new JcsException("JSON text is not valid UTF-16 (lone surrogate)", e);
        }

        return Canonicalize(utf8);
    }

    public static byte[] Canonicalize(JsonElement value)
    {
        var writer = new JcsWriter();
        Write(writer, value, 0);
        return writer.ToArray();
    }

    /// <summary>Canonical bytes of a node tree; a null node is JSON null.</summary>
    public static byte[] Canonicalize(JsonNode? value)
    {
        var writer = new JcsWriter();
        Write(writer, value, 0);
        return writer.ToArray();
    }

    /// <summary>Parses a JSON text with the limits canonicalisation uses; malformed text is a <see cref="JcsException"/>.</summary>
    internal static JsonDocument Parse(ReadOnlyMemory<byte> utf8Json)
    {
        try
        {
            return JsonDocument.Parse(utf8Json, ParseOptions);
        }
        catch (JsonException e)
        {
            throw new JcsException($"not a JSON text: {e.Message}", e);
        }
    }

    internal static void Write(JcsWriter writer, JsonElement value, int depth)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                CheckDepth(depth);
                var members = new List<KeyValuePair<string, JsonElement>>();
                foreach (var property in value.EnumerateObject())
                {
                    members.Add(new(ReadString(property, static p => p.Name), property.Value));
                }

                WriteObject(writer, members, depth, static (w, v, d) => Write(w, v, d));
                break;
            case JsonValueKind.Array:
                CheckDepth(depth);
                writer.WriteByte((byte)'[');
                var first = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!first)
                    {
                        writer.WriteByte((byte)',');
                    }

                    first = false;
                    Write(writer, item, depth + 1);
                }

                writer.WriteByte((byte)']');
                break;
            case JsonValueKind.String:
                writer.WriteString(ReadString(value, static e => e.GetString()!));
                break;
            case JsonValueKind.Number:
                // TryGetDouble parses with correct rounding but answers ±Infinity for 1e400: out of range, not a value.
                if (!value.TryGetDouble(out var number) || !double.IsFinite(number))
                {
                    throw new JcsException($"number {Preview(value.GetRawText())} is outside the IEEE 754 double range (RFC 8785 §3.2.2.3)");
                }

                writer.WriteNumber(number);
                break;
            case JsonValueKind.True:
                writer.WriteRaw("true"u8);
                break;
            case JsonValueKind.False:
                writer.WriteRaw("false"u8);
                break;
            case JsonValueKind.Null:
                writer.WriteRaw("null"u8);
                break;
            default:
                throw new JcsException($"a JSON value is required, got {value.ValueKind}");
        }
    }

    private static void Write(JcsWriter writer, JsonNode? node, int depth)
    {
        switch (node)
        {
            case null:
                writer.WriteRaw("null"u8);
                break;
            case JsonObject obj:
                CheckDepth(depth);
                List<KeyValuePair<string, JsonNode?>> members;
                try
                {
                    members = [.. obj];
                }
                catch (ArgumentException e)
                {
                    // A JsonObject parsed from text with a repeated name fails when first enumerated.
                    throw new JcsException($"duplicate member name in object: {e.Message}", e);
                }

                WriteObject(writer, members, depth, static (w, v, d) => Write(w, v, d));
                break;
            case JsonArray array:
                CheckDepth(depth);
                writer.WriteByte((byte)'[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        writer.WriteByte((byte)',');
                    }

                    Write(writer, array[i], depth + 1);
                }

                writer.WriteByte((byte)']');
                break;
            case JsonValue v:
                WriteValue(writer, v, depth);
                break;
            default:
                throw new JcsException($"unsupported node type {node.GetType().Name}");
        }
    }

    private static void WriteValue(JcsWriter writer, JsonValue value, int depth)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            Write(writer, element, depth);
        }
        else if (value.TryGetValue<string>(out var s))
        {
            writer.WriteString(s);
        }
        else if (value.TryGetValue<char>(out var c))
        {
            writer.WriteString([c]); // the serializer would silently turn a lone surrogate into U+FFFD
        }
        else if (value.TryGetValue<double>(out var d))
        {
            writer.WriteNumber(d); // rejects NaN and infinities
        }
        else if (value.TryGetValue<float>(out var f) && !float.IsFinite(f))
        {
            writer.WriteNumber(f);
        }
        else
        {
            // Any other primitive (integers, decimal, float, bool, char, dates...): canonicalise the JSON it
            // stands for, which is what a reader of its text would see.
            string text;
            try
            {
                text = value.ToJsonString();
            }
            catch (ArgumentException e)
            {
                throw new JcsException($"value has no JSON representation: {e.Message}", e); // e.g. a NaN of another numeric type
            }

            using var document = Parse(StrictUtf8.GetBytes(text));
            Write(writer, document.RootElement, depth);
        }
    }

    private static void WriteObject<T>(JcsWriter writer, List<KeyValuePair<string, T>> members, int depth, Action<JcsWriter, T, int> writeValue)
    {
        // Ordinal string comparison is exactly UTF-16 code unit order (RFC 8785 §3.2.3), independent of culture.
        members.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        writer.WriteByte((byte)'{');
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0)
            {
                if (string.Equals(members[i - 1].Key, members[i].Key, StringComparison.Ordinal))
                {
                    throw new JcsException($"duplicate member name \"{Preview(members[i].Key)}\" (RFC 8785 §3.1: input must be I-JSON)");
                }

                writer.WriteByte((byte)',');
            }

            writer.WriteString(members[i].Key);
            writer.WriteByte((byte)':');
            writeValue(writer, members[i].Value, depth + 1);
        }

        writer.WriteByte((byte)'}');
    }

    private static string ReadString<T>(T source, Func<T, string> read)
    {
        try
        {
            return read(source);
        }
        catch (InvalidOperationException e)
        {
            // System.Text.Json refuses escaped lone surrogates and invalid UTF-8 when it unescapes.
            throw new JcsException($"string is not valid Unicode: {e.Message}", e);
        }
    }

    private static void CheckDepth(int depth)
    {
        if (depth >= MaxDepth)
        {
            throw new JcsException($"nesting deeper than {MaxDepth} levels");
        }
    }

    private static string Preview(string s) => s.Length <= 40 ? s : string.Concat(s.AsSpan(0, 37), "...");
}
