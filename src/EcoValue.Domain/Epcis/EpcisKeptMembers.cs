using System.Collections.Frozen;
using System.Text.Json;
using static EcoValue.Domain.Epcis.EpcisJson;

namespace EcoValue.Domain.Epcis;

/// <summary>
/// Checks for the members an event carries without interpreting (sensor data, business transactions, sources and
/// destinations, persistent disposition, certification info, error declaration, ILMD), mirroring the GS1 EPCIS 2.0 JSON
/// schema's definitions of the same names, so that exporting them verbatim stays schema-valid.
/// </summary>
internal static partial class EpcisKeptMembers
{
    private static readonly FrozenSet<string> BizTransactionTypes = FrozenSet.ToFrozenSet(
        ["bol", "cert", "desadv", "inv", "pedigree", "po", "poc", "prodorder", "recadv", "rma", "testprd", "testres", "upevt"], StringComparer.Ordinal);

    private static readonly FrozenSet<string> SourceDestTypes = FrozenSet.ToFrozenSet(["owning_party", "possessing_party", "location"], StringComparer.Ordinal);

    private static readonly FrozenSet<string> ErrorReasons = FrozenSet.ToFrozenSet(["did_not_occur", "incorrect_data"], StringComparer.Ordinal);

    public static string? BizTransactionList(JsonElement value, string path, int depth, int maxDepth, ErrorSink errors) =>
        TypedLinks(value, path, depth, maxDepth, errors, "bizTransaction", typeRequired: false, BizTransactionTypes, ("business transaction type", "业务单据类型"));

    public static string? SourceList(JsonElement value, string path, int depth, int maxDepth, ErrorSink errors) =>
        TypedLinks(value, path, depth, maxDepth, errors, "source", typeRequired: true, SourceDestTypes, ("source type", "来源类型"));

    public static string? DestinationList(JsonElement value, string path, int depth, int maxDepth, ErrorSink errors) =>
        TypedLinks(value, path, depth, maxDepth, errors, "destination", typeRequired: true, SourceDestTypes, ("destination type", "去向类型"));

    public static string? PersistentDisposition(JsonElement value, string path, int depth, int maxDepth, ErrorSink errors)
    {
        var before = errors.Total;
        if (!IsObject(value, path, errors))
        {
            return null;
        }

        var any = false;
        foreach (var p in value.EnumerateObject())
        {
            var name = Name(p, path, errors);
            var mp = Member(path, name ?? "?");
            if (name is "set" or "unset")
            {
                any = true;
                if (!IsArray(p.Value, mp, errors))
                {
                    continue;
                }

                var seen = new HashSet<string>(StringComparer.Ordinal);
                var i = 0;
                foreach (var item in p.Value.EnumerateArray())
                {
                    var ip = Index(mp, i++);
                    var s = String(item, ip, errors);
                    if (s is not null && !(EpcisVocabulary.CbvDispositions.Contains(s) || IsOtherUri(s)))
                    {
                        errors.Add(EpcisErrors.Disposition(ip, s));
                    }
                    else if (s is not null && !seen.Add(s))
                    {
                        errors.Add(EpcisErrors.DuplicateEpc(ip));
                    }
                }

                if (i == 0)
                {
                    errors.Add(EpcisErrors.Value(mp, "must not be empty", "不能为空"));
                }
            }
            else if (name is not null)
            {
                errors.Add(EpcisErrors.UnknownMember(mp));
            }
        }

        if (!any)
        {
            errors.Add(EpcisErrors.Value(path, "needs set or unset", "须包含 set 或 unset"));
        }

        return errors.Total == before ? Compact(value, path, depth, maxDepth, errors) : null;
    }

    public static string? CertificationInfo(JsonElement value, string path, int depth, int maxDepth, ErrorSink errors)
    {
        var before = errors.Total;
        if (value.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                Uri(item, Index(path, i++), errors);
            }
        }
        else
        {
            Uri(value, path, errors);
        }

        return errors.Total == before ? Compact(value, path, depth, maxDepth, errors) : null;
    }

    public static string? ErrorDeclaration(JsonElement value, string path, int depth, int maxDepth, ErrorSink errors)
    {
        var before = errors.Total;
        if (!IsObject(value, path, errors))
        {
            return null;
        }

        var hasTime = false;
        foreach (var p in value.EnumerateObject())
        {
            var name = Name(p, path, errors);
            var mp = Member(path, name ?? "?");
            switch (name)
            {
                case null:
                    break;
                case "declarationTime":
                    hasTime = true;
                    Check(p.Value, mp, ValueRule.Time, errors);
                    break;
                case "reason":
                    var reason = String(p.Value, mp, errors);
                    if (reason is not null && !(ErrorReasons.Contains(reason) || IsOtherUri(reason)))
                    {
                        errors.Add(EpcisErrors.Vocabulary(mp, "error reason", "错误原因"));
                    }

                    break;
                case "correctiveEventIDs":
                    if (IsArray(p.Value, mp, errors))
                    {
                        var i = 0;
                        foreach (var id in p.Value.EnumerateArray())
                        {
                            Uri(id, Index(mp, i++), errors);
                        }
                    }

                    break;
                default:
                    ExtensionName(name, mp, errors);
                    break;
            }
        }

        if (!hasTime)
        {
            errors.Add(EpcisErrors.Missing(Member(path, "declarationTime"), "epcis.error_declaration.time_missing"));
        }

        return errors.Total == before ? Compact(value, path, depth, maxDepth, errors) : null;
    }

    /// <summary>ILMD: an object whose member names are namespaced (URIs); values are free.</summary>
    public static string? Ilmd(JsonElement value, string path, int depth, int maxDepth, ErrorSink errors)
    {
        var before = errors.Total;
        if (!IsObject(value, path, errors))
        {
            return null;
        }

        foreach (var p in value.EnumerateObject())
        {
            var name = Name(p, path, errors);
            if (name is not null)
            {
                ExtensionName(name, Member(path, name), errors);
            }
        }

        return errors.Total == before ? Compact(value, path, depth, maxDepth, errors) : null;
    }

    /// <summary>An extension member name must be a URI (a compact IRI such as <c>example:field</c> is one).</summary>
    public static bool ExtensionName(string name, string path, ErrorSink errors)
    {
        if (EpcisUri.IsValid(name))
        {
            return true;
        }

        errors.Add(EpcisErrors.UnknownMember(path));
        return false;
    }

    /// <summary>The schema's vocab-other-uri: a URI outside the CBV namespaces.</summary>
    public static bool IsOtherUri(string s) =>
        EpcisUri.IsValid(s) && !s.StartsWith("urn:epcglobal:cbv", StringComparison.Ordinal)
        && !s.StartsWith("http://ns.gs1.org/cbv/", StringComparison.Ordinal) && !s.StartsWith("https://ns.gs1.org/cbv/", StringComparison.Ordinal);

    private static string? TypedLinks(JsonElement value, string path, int depth, int maxDepth, ErrorSink errors, string target, bool typeRequired, FrozenSet<string> types, (string En, string Zh) typeName)
    {
        var before = errors.Total;
        if (!IsArray(value, path, errors))
        {
            return null;
        }

        var i = 0;
        foreach (var element in value.EnumerateArray())
        {
            var ep = Index(path, i++);
            if (!IsObject(element, ep, errors))
            {
                continue;
            }

            bool hasType = false, hasTarget = false;
            foreach (var p in element.EnumerateObject())
            {
                var name = Name(p, ep, errors);
                var mp = Member(ep, name ?? "?");
                if (name == "type")
                {
                    hasType = true;
                    var t = String(p.Value, mp, errors);
                    if (t is not null && !(types.Contains(t) || IsOtherUri(t)))
                    {
                        errors.Add(EpcisErrors.Vocabulary(mp, typeName.En, typeName.Zh));
                    }
                }
                else if (name == target)
                {
                    hasTarget = true;
                    Uri(p.Value, mp, errors);
                }
                else if (name is not null)
                {
                    errors.Add(EpcisErrors.UnknownMember(mp));
                }
            }

            if (!hasTarget)
            {
                errors.Add(EpcisErrors.Missing(Member(ep, target), "epcis.value.missing"));
            }

            if (typeRequired && !hasType)
            {
                errors.Add(EpcisErrors.Missing(Member(ep, "type"), "epcis.value.missing"));
            }
        }

        return errors.Total == before ? Compact(value, path, depth, maxDepth, errors) : null;
    }

    private static bool IsObject(JsonElement value, string path, ErrorSink errors)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        errors.Add(EpcisErrors.NotObject(path));
        return false;
    }

    private static bool IsArray(JsonElement value, string path, ErrorSink errors)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            return true;
        }

        errors.Add(EpcisErrors.NotArray(path));
        return false;
    }
}
