using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using EcoValue.Domain.Validation;

namespace EcoValue.Domain.Epcis;

/// <summary>Collects field errors up to a cap, then one "truncated" error; <see cref="Total"/> counts every error seen.</summary>
internal sealed class ErrorSink(int max)
{
    private readonly List<FieldError> _errors = [];
    private bool _truncated;

    public int Total { get; private set; }

    public bool Full => _truncated;

    public void Add(FieldError error)
    {
        Total++;
        if (_errors.Count < max)
        {
            _errors.Add(error);
        }
        else if (!_truncated)
        {
            _truncated = true;
            _errors.Add(EpcisErrors.TooManyErrors(max));
        }
    }

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new DomainValidationException([.. _errors]);
        }
    }
}

/// <summary>JSON plumbing shared by the reader and the writer: paths, strings, and compact copies of kept members.</summary>
internal static class EpcisJson
{
    /// <summary>Non-ASCII text stays as UTF-8 (readable exports); only what JSON requires is escaped.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };

    public static string Member(string path, string name) => path.Length == 0 ? name : path + "." + name;

    public static string Index(string path, int i) => path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";

    /// <summary>The string value, or null with an error (not a string, or a lone surrogate escape).</summary>
    public static string? String(JsonElement value, string path, ErrorSink errors)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(EpcisErrors.NotString(path));
            return null;
        }

        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            errors.Add(EpcisErrors.BadString(path));
            return null;
        }
    }

    /// <summary>A string that must be a URI in the schema's sense.</summary>
    public static string? Uri(JsonElement value, string path, ErrorSink errors)
    {
        var s = String(value, path, errors);
        if (s is not null && !EpcisUri.IsValid(s))
        {
            errors.Add(EpcisErrors.NotUri(path));
            return null;
        }

        return s;
    }

    /// <summary>The property name, or null with an error when it holds a lone surrogate escape.</summary>
    public static string? Name(JsonProperty property, string path, ErrorSink errors)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            errors.Add(EpcisErrors.BadString(path));
            return null;
        }
    }

    /// <summary>
    /// <paramref name="value"/> as compact JSON (text kept as UTF-8, numbers as written), or null with an error when
    /// it nests deeper than <paramref name="maxDepth"/> (counting <paramref name="depth"/> levels above it) or holds a
    /// lone surrogate escape.
    /// </summary>
    public static string? Compact(JsonElement value, string path, int depth, int maxDepth, ErrorSink errors)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            try
            {
                if (!Copy(value, writer, depth, maxDepth))
                {
                    errors.Add(EpcisErrors.TooDeep(path, maxDepth));
                    return null;
                }
            }
            catch (InvalidOperationException)
            {
                errors.Add(EpcisErrors.BadString(path));
                return null;
            }
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Compact JSON of a value built in code (builder input), checked the same way.</summary>
    public static string CompactText(string json, string field)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new DomainValidationException(EpcisErrors.Malformed(e.LineNumber ?? 0, e.BytePositionInLine ?? 0, e.Message) with { Field = field });
        }

        using (doc)
        {
            var errors = new ErrorSink(10);
            var compact = Compact(doc.RootElement, field, 0, EpcisLimits.Default.MaxDepth, errors);
            errors.ThrowIfAny();
            return compact!;
        }
    }

    /// <summary>A JSON string literal for <paramref name="value"/> (which must be well-formed UTF-16).</summary>
    public static string StringLiteral(string value)
    {
        var buffer = new ArrayBufferWriter<byte>(value.Length + 16);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStringValue(value);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static bool Copy(JsonElement value, Utf8JsonWriter writer, int depth, int maxDepth)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                if (depth + 1 > maxDepth)
                {
                    return false;
                }

                writer.WriteStartObject();
                foreach (var p in value.EnumerateObject())
                {
                    writer.WritePropertyName(p.Name);
                    if (!Copy(p.Value, writer, depth + 1, maxDepth))
                    {
                        return false;
                    }
                }

                writer.WriteEndObject();
                return true;
            case JsonValueKind.Array:
                if (depth + 1 > maxDepth)
                {
                    return false;
                }

                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    if (!Copy(item, writer, depth + 1, maxDepth))
                    {
                        return false;
                    }
                }

                writer.WriteEndArray();
                return true;
            case JsonValueKind.String:
                var raw = JsonMarshal.GetRawUtf8Value(value);
                if (raw.IndexOf((byte)'\\') < 0)
                {
                    writer.WriteStringValue(raw[1..^1]);
                }
                else
                {
                    writer.WriteStringValue(value.GetString());
                }

                return true;
            default:
                // Numbers keep their exact text; true, false and null are what they are.
                writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(value), skipInputValidation: true);
                return true;
        }
    }
}
