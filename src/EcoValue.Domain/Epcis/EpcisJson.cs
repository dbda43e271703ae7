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

    /// <summary>A point to come back to: a first pass without paths rolls back and runs again with them.</summary>
    public (int Count, int Total, bool Truncated) Mark() => (_errors.Count, Total, _truncated);

    public void Rollback((int Count, int Total, bool Truncated) mark)
    {
        _errors.RemoveRange(mark.Count, _errors.Count - mark.Count);
        Total = mark.Total;
        _truncated = mark.Truncated;
    }

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

    /// <summary>
    /// The path of a member not yet worth naming: reading a valid event builds no path strings at all; only an event
    /// that turns out to be wrong is read again with real paths (<see cref="ErrorSink.Rollback"/>).
    /// </summary>
    public static readonly string Unnamed = new('?', 1);

    public static string Member(string path, string name) =>
        ReferenceEquals(path, Unnamed) ? Unnamed : path.Length == 0 ? name : path + "." + name;

    public static string Index(string path, int i) =>
        ReferenceEquals(path, Unnamed) ? Unnamed : path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";

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

    /// <summary>
    /// Copies a string element into <paramref name="buffer"/> without allocating when it is plain ASCII with no escapes
    /// and fits; false otherwise (the caller then takes the <see cref="String"/> path, which also reports errors).
    /// </summary>
    public static bool TryAscii(JsonElement value, Span<char> buffer, out int length) =>
        TryAscii(value.ValueKind == JsonValueKind.String ? JsonMarshal.GetRawUtf8Value(value)[1..^1] : default, value.ValueKind == JsonValueKind.String, buffer, out length);

    /// <summary>The same for a property name.</summary>
    public static bool TryAsciiName(JsonProperty property, Span<char> buffer, out int length) =>
        TryAscii(JsonMarshal.GetRawUtf8PropertyName(property), true, buffer, out length);

    private static bool TryAscii(ReadOnlySpan<byte> raw, bool isString, Span<char> buffer, out int length)
    {
        length = 0;
        if (!isString || raw.Length > buffer.Length || raw.IndexOf((byte)'\\') >= 0 || !Ascii.IsValid(raw))
        {
            return false;
        }

        return Ascii.ToUtf16(raw, buffer, out length) == OperationStatus.Done;
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
        var (buffer, writer) = CompactWriter();
        try
        {
            if (!Copy(value, writer, depth, maxDepth))
            {
                errors.Add(EpcisErrors.TooDeep(path, maxDepth));
                return null;
            }

            writer.Flush();
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        catch (InvalidOperationException)
        {
            errors.Add(EpcisErrors.BadString(path));
            return null;
        }
        finally
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
        }
    }

    // One buffer and writer per thread, reused for every kept member (they are small, and there are many).
    [ThreadStatic]
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? t_compact;

    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer) CompactWriter()
    {
        if (t_compact is { } cached)
        {
            return cached;
        }

        var buffer = new ArrayBufferWriter<byte>(1024);
        var created = (buffer, new Utf8JsonWriter(buffer, WriterOptions));
        t_compact = created;
        return created;
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
