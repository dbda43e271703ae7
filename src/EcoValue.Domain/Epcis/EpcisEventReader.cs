using System.Collections.Frozen;
using System.Text.Json;
using static EcoValue.Domain.Epcis.EpcisJson;

namespace EcoValue.Domain.Epcis;

/// <summary>
/// Reads one event object (EPCIS 2.0 §7.4, JSON binding §9) into an <see cref="EpcisEvent"/>, reporting every problem
/// with its JSON path. Member sets per event type follow the GS1 EPCIS 2.0 JSON schema's propertyNames lists.
/// </summary>
internal sealed class EpcisEventReader(EpcisLimits limits, ErrorSink errors)
{
    private enum M
    {
        Context, Type, EventTime, RecordTime, EventTimeZoneOffset, EventId, CertificationInfo, ErrorDeclaration,
        Action, EpcList, QuantityList, BizStep, Disposition, PersistentDisposition, ReadPoint, BizLocation,
        BizTransactionList, SourceList, DestinationList, SensorElementList, Ilmd,
        ParentId, ChildEpcs, ChildQuantityList, InputEpcList, InputQuantityList, OutputEpcList, OutputQuantityList, TransformationId,
    }

    private enum Role
    {
        Instance,
        Class,
        Location,
        Parent,
    }

    private static readonly FrozenDictionary<string, M> Members = Enum.GetValues<M>().ToFrozenDictionary(JsonName, StringComparer.Ordinal);

    private static readonly ulong Common = Bits(M.Context, M.Type, M.EventTime, M.RecordTime, M.EventTimeZoneOffset, M.EventId, M.CertificationInfo, M.ErrorDeclaration);

    private static readonly ulong[] Allowed =
    [
        Common | Bits(M.Action, M.EpcList, M.QuantityList, M.BizStep, M.Disposition, M.PersistentDisposition, M.ReadPoint, M.BizLocation,
            M.BizTransactionList, M.SourceList, M.DestinationList, M.SensorElementList, M.Ilmd),
        Common | Bits(M.ParentId, M.ChildEpcs, M.ChildQuantityList, M.Action, M.BizStep, M.Disposition, M.ReadPoint, M.BizLocation,
            M.BizTransactionList, M.SourceList, M.DestinationList, M.SensorElementList),
        Common | Bits(M.InputEpcList, M.InputQuantityList, M.OutputEpcList, M.OutputQuantityList, M.TransformationId, M.BizStep, M.Disposition,
            M.PersistentDisposition, M.ReadPoint, M.BizLocation, M.BizTransactionList, M.SourceList, M.DestinationList, M.SensorElementList, M.Ilmd),
    ];

    /// <summary>The event, or null when anything in it is wrong (every problem is in the sink).</summary>
    /// <param name="depth">Nesting depth of the event object itself (1 for a bare event, 4 inside a document).</param>
    public EpcisEvent? Read(JsonElement ev, string path, JsonLdScope scope, int depth)
    {
        if (ev.ValueKind != JsonValueKind.Object)
        {
            errors.Add(EpcisErrors.NotObject(path));
            return null;
        }

        var before = errors.Total;
        if (!ev.TryGetProperty("type", out var typeValue))
        {
            errors.Add(EpcisErrors.Missing(Member(path, "type"), "epcis.event.type_missing"));
            return null;
        }

        var typeText = String(typeValue, Member(path, "type"), errors);
        EpcisEventType type;
        switch (typeText)
        {
            case null:
                return null;
            case "ObjectEvent":
                type = EpcisEventType.ObjectEvent;
                break;
            case "AggregationEvent":
                type = EpcisEventType.AggregationEvent;
                break;
            case "TransformationEvent":
                type = EpcisEventType.TransformationEvent;
                break;
            case "AssociationEvent" or "TransactionEvent":
                errors.Add(EpcisErrors.EventTypeOutOfScope(Member(path, "type"), typeText));
                return null;
            default:
                errors.Add(EpcisErrors.EventTypeUnknown(Member(path, "type")));
                return null;
        }

        if (ev.TryGetProperty("@context", out var ctx))
        {
            scope = scope.With(ctx, Member(path, "@context"), requireStandard: false, errors);
        }

        var allowed = Allowed[(int)type];
        var e = new Fields();
        foreach (var p in ev.EnumerateObject())
        {
            var name = Name(p, path, errors);
            if (name is null)
            {
                continue;
            }

            var mp = Member(path, name);
            if (!Members.TryGetValue(name, out var m))
            {
                if (EpcisKeptMembers.ExtensionName(name, mp, errors))
                {
                    var json = Compact(p.Value, mp, depth, limits.MaxDepth, errors);
                    if (json is not null)
                    {
                        e.Extensions.Add(new EpcisExtension(name, scope.Expand(name), json));
                    }
                }

                continue;
            }

            if ((allowed & Bit(m)) == 0)
            {
                errors.Add(EpcisErrors.NotAllowed(mp, typeText));
                continue;
            }

            e.Present |= Bit(m);
            if (p.Value.ValueKind == JsonValueKind.Array && p.Value.GetArrayLength() > 0)
            {
                e.NonEmpty |= Bit(m);
            }

            ReadMember(m, p.Value, mp, depth, e);
        }

        if (e.EventTime is null && !ev.TryGetProperty("eventTime", out _))
        {
            errors.Add(EpcisErrors.Missing(Member(path, "eventTime"), "epcis.event_time.missing"));
        }

        if (e.Offset is null && !ev.TryGetProperty("eventTimeZoneOffset", out _))
        {
            errors.Add(EpcisErrors.Missing(Member(path, "eventTimeZoneOffset"), "epcis.event_time_zone_offset.missing"));
        }

        if (type != EpcisEventType.TransformationEvent && e.Action is null && !ev.TryGetProperty("action", out _))
        {
            errors.Add(EpcisErrors.Missing(Member(path, "action"), "epcis.action.missing"));
        }

        CheckWhat(type, e, path);
        if (errors.Total != before)
        {
            return null;
        }

        return new EpcisEvent
        {
            Type = type,
            EventId = e.EventId,
            EventTime = e.EventTime!.Value,
            EventTimeZoneOffset = e.Offset!.Value,
            RecordTime = e.RecordTime,
            Action = e.Action,
            BizStep = e.BizStep,
            Disposition = e.Disposition,
            ReadPoint = e.ReadPoint,
            BizLocation = e.BizLocation,
            EpcList = e.EpcList ?? [],
            QuantityList = e.QuantityList ?? [],
            ParentId = e.ParentId,
            ChildEpcs = e.ChildEpcs ?? [],
            ChildQuantityList = e.ChildQuantityList ?? [],
            InputEpcList = e.InputEpcList ?? [],
            InputQuantityList = e.InputQuantityList ?? [],
            OutputEpcList = e.OutputEpcList ?? [],
            OutputQuantityList = e.OutputQuantityList ?? [],
            TransformationId = e.TransformationId,
            Ilmd = e.Ilmd,
            SensorElementList = e.SensorElementList,
            BizTransactionList = e.BizTransactionList,
            SourceList = e.SourceList,
            DestinationList = e.DestinationList,
            PersistentDisposition = e.PersistentDisposition,
            CertificationInfo = e.CertificationInfo,
            ErrorDeclaration = e.ErrorDeclaration,
            Extensions = e.Extensions.Count == 0 ? [] : e.Extensions,
            Namespaces = scope.UserPrefixes,
        };
    }

    private void ReadMember(M m, JsonElement v, string mp, int depth, Fields e)
    {
        var max = limits.MaxDepth;
        switch (m)
        {
            case M.Context or M.Type:
                break;
            case M.EventId:
                e.EventId = Uri(v, mp, errors);
                break;
            case M.EventTime:
                e.EventTime = Time(v, mp, "epcis.event_time.invalid");
                break;
            case M.RecordTime:
                e.RecordTime = Time(v, mp, "epcis.record_time.invalid");
                break;
            case M.EventTimeZoneOffset:
                if (String(v, mp, errors) is { } offsetText)
                {
                    if (EpcisTime.TryParseOffset(offsetText, out var offset))
                    {
                        e.Offset = offset;
                    }
                    else
                    {
                        errors.Add(EpcisErrors.Offset(mp));
                    }
                }

                break;
            case M.Action:
                e.Action = String(v, mp, errors) switch
                {
                    null => null,
                    "ADD" => EpcisAction.Add,
                    "OBSERVE" => EpcisAction.Observe,
                    "DELETE" => EpcisAction.Delete,
                    _ => Fail<EpcisAction?>(EpcisErrors.Action(mp)),
                };
                break;
            case M.BizStep:
                if (String(v, mp, errors) is { } step)
                {
                    e.BizStep = EpcisVocabulary.NormalizeBizStep(step) ?? Fail<string>(EpcisErrors.BizStep(mp, step));
                }

                break;
            case M.Disposition:
                if (String(v, mp, errors) is { } disposition)
                {
                    e.Disposition = EpcisVocabulary.NormalizeDisposition(disposition) ?? Fail<string>(EpcisErrors.Disposition(mp, disposition));
                }

                break;
            case M.ReadPoint:
                e.ReadPoint = Place(v, mp);
                break;
            case M.BizLocation:
                e.BizLocation = Place(v, mp);
                break;
            case M.EpcList:
                e.EpcList = Epcs(v, mp, Role.Instance);
                break;
            case M.ChildEpcs:
                e.ChildEpcs = Epcs(v, mp, Role.Instance);
                break;
            case M.InputEpcList:
                e.InputEpcList = Epcs(v, mp, Role.Instance);
                break;
            case M.OutputEpcList:
                e.OutputEpcList = Epcs(v, mp, Role.Instance);
                break;
            case M.QuantityList:
                e.QuantityList = Quantities(v, mp);
                break;
            case M.ChildQuantityList:
                e.ChildQuantityList = Quantities(v, mp);
                break;
            case M.InputQuantityList:
                e.InputQuantityList = Quantities(v, mp);
                break;
            case M.OutputQuantityList:
                e.OutputQuantityList = Quantities(v, mp);
                break;
            case M.ParentId:
                e.ParentId = Identifier(v, mp, Role.Parent);
                break;
            case M.TransformationId:
                e.TransformationId = Uri(v, mp, errors);
                break;
            case M.Ilmd:
                e.Ilmd = EpcisKeptMembers.Ilmd(v, mp, depth, max, errors);
                break;
            case M.SensorElementList:
                e.SensorElementList = EpcisKeptMembers.SensorElementList(v, mp, depth, max, errors);
                break;
            case M.BizTransactionList:
                e.BizTransactionList = EpcisKeptMembers.BizTransactionList(v, mp, depth, max, errors);
                break;
            case M.SourceList:
                e.SourceList = EpcisKeptMembers.SourceList(v, mp, depth, max, errors);
                break;
            case M.DestinationList:
                e.DestinationList = EpcisKeptMembers.DestinationList(v, mp, depth, max, errors);
                break;
            case M.PersistentDisposition:
                e.PersistentDisposition = EpcisKeptMembers.PersistentDisposition(v, mp, depth, max, errors);
                break;
            case M.CertificationInfo:
                e.CertificationInfo = EpcisKeptMembers.CertificationInfo(v, mp, depth, max, errors);
                break;
            case M.ErrorDeclaration:
                e.ErrorDeclaration = EpcisKeptMembers.ErrorDeclaration(v, mp, depth, max, errors);
                break;
        }
    }

    // Judged on what the JSON holds, not on what survived parsing, so a bad list item is one error, not two.
    private void CheckWhat(EpcisEventType type, Fields e, string path)
    {
        bool Has(M m) => (e.NonEmpty & Bit(m)) != 0;
        bool Present(M m) => (e.Present & Bit(m)) != 0;
        switch (type)
        {
            case EpcisEventType.ObjectEvent:
                if (!Has(M.EpcList) && !Has(M.QuantityList) && !(Has(M.SensorElementList) && Present(M.ReadPoint)))
                {
                    errors.Add(EpcisErrors.NoWhat(path, "ObjectEvent",
                        "a non-empty epcList or quantityList (or sensorElementList with a readPoint)", "非空的 epcList 或 quantityList（或带 readPoint 的 sensorElementList）"));
                }

                if (Present(M.Ilmd) && e.Action is EpcisAction.Observe or EpcisAction.Delete)
                {
                    errors.Add(EpcisErrors.IlmdNotAllowed(Member(path, "ilmd")));
                }

                break;
            case EpcisEventType.AggregationEvent:
                if (!Has(M.ChildEpcs) && !Has(M.ChildQuantityList) && e.Action != EpcisAction.Delete)
                {
                    errors.Add(EpcisErrors.NoWhat(path, "AggregationEvent",
                        "a non-empty childEPCs or childQuantityList (unless action is DELETE)", "非空的 childEPCs 或 childQuantityList（action 为 DELETE 时除外）"));
                }

                if (!Present(M.ParentId) && e.Action is EpcisAction.Add or EpcisAction.Delete)
                {
                    errors.Add(EpcisErrors.ParentMissing(Member(path, "parentID")));
                }

                break;
            default:
                var inputs = Has(M.InputEpcList) || Has(M.InputQuantityList);
                var outputs = Has(M.OutputEpcList) || Has(M.OutputQuantityList);
                if (!(inputs && outputs) && !(Present(M.TransformationId) && (inputs || outputs)))
                {
                    errors.Add(EpcisErrors.NoWhat(path, "TransformationEvent",
                        "inputs (inputEPCList or inputQuantityList) and outputs (outputEPCList or outputQuantityList), or a transformationID with either",
                        "输入（inputEPCList 或 inputQuantityList）与输出（outputEPCList 或 outputQuantityList），或带 transformationID 的其中之一"));
                }

                break;
        }
    }

    private DateTimeOffset? Time(JsonElement v, string path, string code)
    {
        var s = String(v, path, errors);
        if (s is null)
        {
            return null;
        }

        if (EpcisTime.TryParse(s, out var t))
        {
            return t;
        }

        errors.Add(EpcisErrors.Time(path, code));
        return null;
    }

    private string? Place(JsonElement v, string path)
    {
        if (v.ValueKind != JsonValueKind.Object)
        {
            errors.Add(EpcisErrors.NotObject(path));
            return null;
        }

        string? id = null;
        var found = false;
        foreach (var p in v.EnumerateObject())
        {
            var name = Name(p, path, errors);
            if (name == "id")
            {
                found = true;
                id = Identifier(p.Value, Member(path, "id"), Role.Location);
            }
            else if (name is not null)
            {
                // The schema would let extensions sit here; we keep places as their id alone, so say so rather than drop them.
                errors.Add(EpcisErrors.Value(Member(path, name), "only \"id\" is kept for a readPoint or bizLocation; move extensions to the event",
                    "readPoint 与 bizLocation 只保留 \"id\"；扩展成员请放在事件上"));
            }
        }

        if (!found)
        {
            errors.Add(EpcisErrors.Missing(Member(path, "id"), "epcis.value.missing"));
        }

        return id;
    }

    private List<string>? Epcs(JsonElement v, string path, Role role)
    {
        if (v.ValueKind != JsonValueKind.Array)
        {
            errors.Add(EpcisErrors.NotArray(path));
            return null;
        }

        var list = new List<string>(v.GetArrayLength());
        HashSet<string>? seen = null;
        var i = 0;
        foreach (var item in v.EnumerateArray())
        {
            var ip = Index(path, i++);
            var epc = Identifier(item, ip, role);
            if (epc is null)
            {
                continue;
            }

            // uniqueItems in the schema (epcList); a repeated child or input is as meaningless.
            if (list.Count > 0 && !(seen ??= new HashSet<string>(list, StringComparer.Ordinal)).Add(epc))
            {
                errors.Add(EpcisErrors.DuplicateEpc(ip));
                continue;
            }

            seen?.Add(epc);
            list.Add(epc);
        }

        return list;
    }

    private List<EpcisQuantity>? Quantities(JsonElement v, string path)
    {
        if (v.ValueKind != JsonValueKind.Array)
        {
            errors.Add(EpcisErrors.NotArray(path));
            return null;
        }

        var list = new List<EpcisQuantity>(v.GetArrayLength());
        var i = 0;
        foreach (var item in v.EnumerateArray())
        {
            var ip = Index(path, i++);
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add(EpcisErrors.NotObject(ip));
                continue;
            }

            string? epcClass = null, uom = null;
            decimal? quantity = null;
            var ok = true;
            foreach (var p in item.EnumerateObject())
            {
                var name = Name(p, ip, errors);
                var mp = Member(ip, name ?? "?");
                switch (name)
                {
                    case null:
                        ok = false;
                        break;
                    case "epcClass":
                        epcClass = Identifier(p.Value, mp, Role.Class);
                        ok &= epcClass is not null;
                        break;
                    case "quantity":
                        if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDecimal(out var q) && q >= 0)
                        {
                            quantity = q;
                        }
                        else
                        {
                            errors.Add(EpcisErrors.Quantity(mp));
                            ok = false;
                        }

                        break;
                    case "uom":
                        uom = String(p.Value, mp, errors);
                        if (uom is null || uom.Length is < 2 or > 3 || !uom.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c)))
                        {
                            if (uom is not null)
                            {
                                errors.Add(EpcisErrors.Uom(mp));
                            }

                            ok = false;
                        }

                        break;
                    default:
                        errors.Add(EpcisErrors.UnknownMember(mp));
                        ok = false;
                        break;
                }
            }

            if (!item.TryGetProperty("epcClass", out _))
            {
                errors.Add(EpcisErrors.Missing(Member(ip, "epcClass"), "epcis.value.missing"));
                ok = false;
            }

            if (ok)
            {
                list.Add(new EpcisQuantity(epcClass!, quantity, uom));
            }
        }

        return list;
    }

    /// <summary>A URI naming an item, class or place; GS1 forms are parsed and must be of the role's kind.</summary>
    private string? Identifier(JsonElement v, string path, Role role)
    {
        var uri = Uri(v, path, errors);
        if (uri is null)
        {
            return null;
        }

        if (!EpcisIdentifier.TryRecognize(uri, out var id, out var error))
        {
            if (error is not null)
            {
                errors.Add(error.Under(path));
                return null;
            }

            return uri;
        }

        (string En, string Zh)? expected = role switch
        {
            Role.Instance or Role.Parent when id!.Kind != EpcisIdentifierKind.Item =>
                ("one item (an SGTIN, or a Digital Link with /21/ serial), not a product class or a place", "单个物品（SGTIN，或带 /21/ 序列号的数字链接），而非产品类别或地点"),
            Role.Class when id!.Kind != EpcisIdentifierKind.ProductClass =>
                ("a product class (an LGTIN, an SGTIN pattern, or a Digital Link without /21/), not one item or a place", "产品类别（LGTIN、SGTIN 模式，或不带 /21/ 的数字链接），而非单个物品或地点"),
            Role.Location when id!.Kind != EpcisIdentifierKind.Location =>
                ("a place (an SGLN, or a Digital Link /414/{gln}), not a product", "地点（SGLN，或数字链接 /414/{gln}），而非产品"),
            _ => null,
        };
        if (expected is { } x)
        {
            errors.Add(EpcisErrors.WrongIdentifierKind(path, x.En, x.Zh));
            return null;
        }

        return uri;
    }

    private T? Fail<T>(Validation.FieldError error)
    {
        errors.Add(error);
        return default;
    }

    private static string JsonName(M m) => m switch
    {
        M.Context => "@context",
        M.EventId => "eventID",
        M.ChildEpcs => "childEPCs",
        M.EpcList => "epcList",
        M.InputEpcList => "inputEPCList",
        M.OutputEpcList => "outputEPCList",
        M.ParentId => "parentID",
        M.TransformationId => "transformationID",
        _ => char.ToLowerInvariant(m.ToString()[0]) + m.ToString()[1..],
    };

    private static ulong Bit(M m) => 1UL << (int)m;

    private static ulong Bits(params M[] ms) => ms.Aggregate(0UL, (acc, m) => acc | Bit(m));

    private sealed class Fields
    {
        public string? EventId;
        public DateTimeOffset? EventTime;
        public DateTimeOffset? RecordTime;
        public TimeSpan? Offset;
        public EpcisAction? Action;
        public string? BizStep;
        public string? Disposition;
        public string? ReadPoint;
        public string? BizLocation;
        public List<string>? EpcList;
        public List<EpcisQuantity>? QuantityList;
        public string? ParentId;
        public List<string>? ChildEpcs;
        public List<EpcisQuantity>? ChildQuantityList;
        public List<string>? InputEpcList;
        public List<EpcisQuantity>? InputQuantityList;
        public List<string>? OutputEpcList;
        public List<EpcisQuantity>? OutputQuantityList;
        public string? TransformationId;
        public string? Ilmd;
        public string? SensorElementList;
        public string? BizTransactionList;
        public string? SourceList;
        public string? DestinationList;
        public string? PersistentDisposition;
        public string? CertificationInfo;
        public string? ErrorDeclaration;
        public List<EpcisExtension> Extensions = [];
        public ulong Present;
        public ulong NonEmpty;
    }
}
