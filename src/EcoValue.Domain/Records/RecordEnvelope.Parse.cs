using System.Text;
using System.Text.Json;
using EcoValue.Domain.Canonical;

namespace EcoValue.Domain.Records;

public sealed partial class RecordEnvelope
{
    /// <summary>Largest JSON text <see cref="Parse(ReadOnlySpan{byte})"/> reads (data limit plus generous room for the envelope and white space).</summary>
    public const int MaxEnvelopeBytes = 4 * MaxDataBytes;

    private static readonly string[] FieldNames = ["v", "kind", "id", "subject", "actor", "at", "salt", "data"];

    /// <inheritdoc cref="Parse(ReadOnlySpan{byte})"/>
    public static RecordEnvelope Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        byte[] utf8;
        try
        {
            utf8 = new UTF8Encoding(false, true).GetBytes(json);
        }
        catch (EncoderFallbackException e)
        {
            throw new RecordException("record JSON is not valid UTF-16 (lone surrogate)", e);
        }

        return Parse(utf8);
    }

    /// <summary>
    /// Reads an envelope back from any JSON spelling of it (member order and white space are free; the hash is over
    /// the canonical form). Strict: exactly the eight members, each once and of its type; "v" is the integer 1; id,
    /// at and salt in their single accepted spelling; data an object within <see cref="MaxDataBytes"/>. So
    /// <c>Parse(text).ComputeHash()</c> equals keccak256(JCS(text)) for every text accepted.
    /// </summary>
    /// <exception cref="RecordException">anything else.</exception>
    public static RecordEnvelope Parse(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > MaxEnvelopeBytes)
        {
            throw new RecordException($"record JSON is {utf8Json.Length} bytes; the limit is {MaxEnvelopeBytes}");
        }

        JsonDocument document;
        try
        {
            document = Jcs.Parse(utf8Json.ToArray());
        }
        catch (JcsException e)
        {
            throw new RecordException($"record is not JSON: {e.Message}", e);
        }

        using (document)
        {
            try
            {
                return FromElement(document.RootElement);
            }
            catch (InvalidOperationException e)
            {
                // A string that System.Text.Json refuses to unescape (lone surrogate).
                throw new RecordException($"record has a string that is not valid Unicode: {e.Message}", e);
            }
        }
    }

    private static RecordEnvelope FromElement(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new RecordException($"a record is a JSON object, got {root.ValueKind}");
        }

        var fields = new JsonElement?[FieldNames.Length];
        foreach (var property in root.EnumerateObject())
        {
            var k = Array.IndexOf(FieldNames, property.Name);
            if (k < 0)
            {
                throw new RecordException($"record has an unknown member \"{RecordFields.Preview(property.Name)}\"");
            }

            if (fields[k] is not null)
            {
                throw new RecordException($"record has \"{property.Name}\" twice");
            }

            fields[k] = property.Value;
        }

        for (var k = 0; k < FieldNames.Length; k++)
        {
            if (fields[k] is null)
            {
                throw new RecordException($"record lacks \"{FieldNames[k]}\"");
            }
        }

        var v = fields[0]!.Value;
        if (v.ValueKind != JsonValueKind.Number || v.GetRawText() != "1")
        {
            throw new RecordException($"record version \"v\" must be the number 1, got {RecordFields.Preview(v.GetRawText())}");
        }

        var data = fields[7]!.Value;
        return Create(
            String(fields[1]!.Value, "kind"),
            String(fields[2]!.Value, "id"),
            String(fields[3]!.Value, "subject"),
            String(fields[4]!.Value, "actor"),
            RecordFields.ParseTimestamp(String(fields[5]!.Value, "at")),
            RecordFields.ParseSalt(String(fields[6]!.Value, "salt")),
            data);
    }

    private static string String(JsonElement element, string field) =>
        element.ValueKind == JsonValueKind.String
            ? element.GetString()!
            : throw new RecordException($"record member \"{field}\" must be a string, got {element.ValueKind}");
}
