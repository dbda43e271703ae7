using System.Text;
using System.Text.Unicode;
using System.Text.Json;
using EcoValue.Domain.Validation;
using static EcoValue.Domain.Epcis.EpcisJson;

namespace EcoValue.Domain.Epcis;

/// <summary>
/// Reads EPCIS 2.0 JSON-LD capture documents (EPCIS 2.0 §9, the GS1 EPCIS JSON schema) into <see cref="EpcisDocument"/>s:
/// an <c>EPCISDocument</c> whose <c>epcisBody.eventList</c> holds ObjectEvents, AggregationEvents and
/// TransformationEvents. All-or-nothing: any problem anywhere throws one <see cref="DomainValidationException"/> listing
/// every problem (up to <see cref="EpcisLimits.MaxErrors"/>) by JSON path. docs/epcis.md describes the accepted subset.
/// </summary>
public static class EpcisDocumentParser
{
    private const int DocumentMembersDepth = 1;

    // MaxDepth is JsonDocument's own guard; our depth limit is checked, with a path, where nesting is free (kept members).
    // Duplicate member names are ambiguous (which one counts?) and refused.
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        MaxDepth = 256,
        AllowDuplicateProperties = false,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    /// <summary>Parses an EPCISDocument from UTF-8 JSON (a leading byte-order mark is allowed).</summary>
    public static EpcisDocument Parse(ReadOnlySpan<byte> json, EpcisLimits? limits = null)
    {
        limits ??= EpcisLimits.Default;
        var errors = new ErrorSink(limits.MaxErrors);
        using var doc = Load(json, errors);
        var root = doc.RootElement;
        var result = ReadDocument(root, limits, errors);
        errors.ThrowIfAny();
        return result!;
    }

    public static EpcisDocument Parse(string json, EpcisLimits? limits = null) => Parse(Encoding.UTF8.GetBytes(json), limits);

    /// <summary>
    /// Parses one standalone event (an event object with its own <c>@context</c>, as <see cref="EpcisDocumentWriter.WriteEvent(EpcisEvent)"/>
    /// writes it, and as the schema's top-level event branch validates). Error paths are relative to the event.
    /// </summary>
    public static EpcisEvent ParseEvent(ReadOnlySpan<byte> json, EpcisLimits? limits = null)
    {
        limits ??= EpcisLimits.Default;
        var errors = new ErrorSink(limits.MaxErrors);
        using var doc = Load(json, errors);
        var root = doc.RootElement;
        EpcisEvent? ev = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(EpcisErrors.NotObject(string.Empty));
        }
        else if (!root.TryGetProperty("@context", out var context))
        {
            errors.Add(EpcisErrors.Missing("@context", "epcis.context.missing"));
        }
        else
        {
            // The event's own @context is read by the event reader; here it only has to name the standard context.
            JsonLdScope.Empty.With(context, "@context", requireStandard: true, errors);
            ev = new EpcisEventReader(limits, errors).Read(root, string.Empty, JsonLdScope.Empty, depth: DocumentMembersDepth);
        }

        errors.ThrowIfAny();
        return ev!;
    }

    public static EpcisEvent ParseEvent(string json, EpcisLimits? limits = null) => ParseEvent(Encoding.UTF8.GetBytes(json), limits);

    private static JsonDocument Load(ReadOnlySpan<byte> json, ErrorSink errors)
    {
        if (json.StartsWith("\uFEFF"u8))
        {
            json = json[3..];
        }

        // JsonDocument does not check UTF-8 inside strings; a whole-input check is cheap (vectorised) and keeps
        // invalid bytes from turning into U+FFFD on export.
        if (!Utf8.IsValid(json))
        {
            errors.Add(EpcisErrors.InvalidUtf8(FirstInvalidUtf8(json)));
            errors.ThrowIfAny();
        }

        try
        {
            return JsonDocument.Parse(json.ToArray(), DocumentOptions);
        }
        catch (JsonException e)
        {
            errors.Add(EpcisErrors.Malformed(e.LineNumber ?? 0, e.BytePositionInLine ?? 0, e.Message));
            errors.ThrowIfAny();
            throw;
        }
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> json)
    {
        var i = 0;
        while (i < json.Length)
        {
            if (Rune.DecodeFromUtf8(json[i..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return i;
            }

            i += consumed;
        }

        return i;
    }

    private static EpcisDocument? ReadDocument(JsonElement root, EpcisLimits limits, ErrorSink errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(EpcisErrors.NotObject(string.Empty));
            return null;
        }

        // The type decides everything else: a query result or a bare event gets one precise error, not dozens.
        if (!root.TryGetProperty("type", out var typeValue))
        {
            errors.Add(EpcisErrors.Missing("type", "epcis.document.type_missing"));
            return null;
        }

        var type = String(typeValue, "type", errors);
        if (type != "EPCISDocument")
        {
            if (type is not null)
            {
                errors.Add(EpcisErrors.DocumentType("type", type));
            }

            return null;
        }

        string? schemaVersion = null, id = null, instanceIdentifier = null, sender = null, receiver = null;
        DateTimeOffset? creationDate = null;
        JsonLdScope? scope = null;
        JsonElement? body = null;
        foreach (var p in root.EnumerateObject())
        {
            var name = Name(p, string.Empty, errors);
            switch (name)
            {
                case null or "type":
                    break;
                case "@context":
                    scope = JsonLdScope.Empty.With(p.Value, name, requireStandard: true, errors);
                    break;
                case "schemaVersion":
                    schemaVersion = String(p.Value, name, errors);
                    if (schemaVersion is not null && !(schemaVersion == "2.0" || schemaVersion.StartsWith("2.0.", StringComparison.Ordinal) && schemaVersion[4..].All(char.IsAsciiDigit) && schemaVersion.Length > 4))
                    {
                        errors.Add(EpcisErrors.SchemaVersion(name));
                    }

                    break;
                case "creationDate":
                    if (String(p.Value, name, errors) is { } created)
                    {
                        if (EpcisTime.TryParse(created, out var t))
                        {
                            creationDate = t;
                        }
                        else
                        {
                            errors.Add(EpcisErrors.Time(name, "epcis.creation_date.invalid"));
                        }
                    }

                    break;
                case "id":
                    id = Uri(p.Value, name, errors);
                    break;
                case "instanceIdentifier":
                    instanceIdentifier = String(p.Value, name, errors);
                    break;
                case "sender":
                    sender = String(p.Value, name, errors);
                    break;
                case "receiver":
                    receiver = String(p.Value, name, errors);
                    break;
                case "epcisHeader":
                    // Master data (vocabularyList) is accepted and not kept: places and products are registered through the API.
                    if (p.Value.ValueKind != JsonValueKind.Object)
                    {
                        errors.Add(EpcisErrors.NotObject(name));
                    }

                    break;
                case "epcisBody":
                    body = p.Value;
                    break;
                default:
                    // Namespaced document-level extensions are allowed by the schema and not kept.
                    EpcisKeptMembers.ExtensionName(name, name, errors);
                    break;
            }
        }

        if (scope is null)
        {
            errors.Add(EpcisErrors.Missing("@context", "epcis.context.missing"));
        }

        if (!root.TryGetProperty("schemaVersion", out _))
        {
            errors.Add(EpcisErrors.Missing("schemaVersion", "epcis.document.schema_version_missing"));
        }

        if (!root.TryGetProperty("creationDate", out _))
        {
            errors.Add(EpcisErrors.Missing("creationDate", "epcis.creation_date.missing"));
        }

        var events = ReadBody(body, scope ?? JsonLdScope.Empty, limits, errors);
        if (events is null || schemaVersion is null || creationDate is null)
        {
            return null;
        }

        return new EpcisDocument
        {
            SchemaVersion = schemaVersion,
            CreationDate = creationDate.Value,
            Id = id,
            InstanceIdentifier = instanceIdentifier,
            Sender = sender,
            Receiver = receiver,
            Namespaces = (scope ?? JsonLdScope.Empty).UserPrefixes,
            Events = events,
        };
    }

    private static List<EpcisEvent>? ReadBody(JsonElement? body, JsonLdScope scope, EpcisLimits limits, ErrorSink errors)
    {
        if (body is not { } b)
        {
            errors.Add(EpcisErrors.Missing("epcisBody", "epcis.body.missing"));
            return null;
        }

        if (b.ValueKind != JsonValueKind.Object)
        {
            errors.Add(EpcisErrors.NotObject("epcisBody"));
            return null;
        }

        if (!b.TryGetProperty("eventList", out var list))
        {
            errors.Add(EpcisErrors.Missing("epcisBody.eventList", "epcis.event_list.missing"));
            return null;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            errors.Add(EpcisErrors.NotArray("epcisBody.eventList"));
            return null;
        }

        var count = list.GetArrayLength();
        if (count > limits.MaxEvents)
        {
            errors.Add(EpcisErrors.TooManyEvents("epcisBody.eventList", limits.MaxEvents));
            return null;
        }

        var events = new List<EpcisEvent>(count);
        var ids = new HashSet<string>(count, StringComparer.Ordinal);
        var reader = new EpcisEventReader(limits, errors);
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (errors.Full)
            {
                break;
            }

            var path = Index("epcisBody.eventList", i++);
            var ev = reader.Read(item, path, scope, depth: 4);
            if (ev is null)
            {
                continue;
            }

            if (ev.EventId is not null && !ids.Add(ev.EventId))
            {
                errors.Add(EpcisErrors.DuplicateEventId(Member(path, "eventID")));
                continue;
            }

            events.Add(ev);
        }

        return events;
    }
}
