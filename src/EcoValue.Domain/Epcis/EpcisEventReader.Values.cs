using System.Collections.Frozen;
using System.Text.Json;
using static EcoValue.Domain.Epcis.EpcisJson;

namespace EcoValue.Domain.Epcis;

/// <summary>The value readers: times, vocabulary terms, places, identifier lists and quantities.</summary>
internal sealed partial class EpcisEventReader
{
    private DateTimeOffset? Time(JsonElement v, string path, string code)
    {
        Span<char> chars = stackalloc char[64];
        if (TryAscii(v, chars, out var n) && EpcisTime.TryParse(chars[..n], out var fast))
        {
            return fast;
        }

        if (String(v, path, errors) is { } text)
        {
            if (EpcisTime.TryParse(text, out var slow))
            {
                return slow;
            }

            errors.Add(EpcisErrors.Time(path, code));
        }

        return null;
    }

    /// <summary>A CBV term as its shared instance when it is one (no allocation), else normalised from the full string.</summary>
    private string? Vocabulary(JsonElement v, string path, FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> cbv, Func<string, string?> normalize, Func<string, string, Validation.FieldError> error)
    {
        Span<char> chars = stackalloc char[32];
        if (TryAscii(v, chars, out var n) && cbv.TryGetValue(chars[..n], out var term))
        {
            return term;
        }

        var s = String(v, path, errors);
        return s is null ? null : normalize(s) ?? Fail<string>(error(path, s));
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
                        if (uom is null || !IsUom(uom))
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

        if (!EpcisIdentifier.TryRecognize(uri, uriChecked: true, out var id, out var error))
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

    // UN/CEFACT Recommendation 20 code as the schema's definitions/uom pattern has it: ^[A-Z0-9]{2,3}$.
    private static bool IsUom(string s) =>
        s.Length is 2 or 3 && char.IsAsciiLetterUpper(s[0]) | char.IsAsciiDigit(s[0]) && char.IsAsciiLetterUpper(s[1]) | char.IsAsciiDigit(s[1])
        && (s.Length == 2 || char.IsAsciiLetterUpper(s[2]) | char.IsAsciiDigit(s[2]));

    private T? Fail<T>(Validation.FieldError error)
    {
        errors.Add(error);
        return default;
    }
}
