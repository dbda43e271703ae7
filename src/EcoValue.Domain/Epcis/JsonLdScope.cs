using System.Text.Json;
using static EcoValue.Domain.Epcis.EpcisJson;

namespace EcoValue.Domain.Epcis;

/// <summary>
/// The JSON-LD prefixes in scope (JSON-LD 1.1 §4.1.5 compact IRIs), enough to expand extension member names such as
/// <c>example:myField</c>. The standard EPCIS context's prefixes are protected (its <c>@protected: true</c>) and win;
/// other prefixes come from the document's and the event's <c>@context</c> objects (string-valued entries only).
/// This is not a JSON-LD processor: remote contexts other than the standard one are not fetched.
/// </summary>
internal sealed class JsonLdScope
{
    public static readonly JsonLdScope Empty = new(EpcisEvent.EmptyNamespaces);

    private JsonLdScope(IReadOnlyDictionary<string, string> userPrefixes)
    {
        UserPrefixes = userPrefixes;
    }

    /// <summary>Prefixes defined by the documents, beyond the standard context.</summary>
    public IReadOnlyDictionary<string, string> UserPrefixes { get; }

    /// <summary>This scope plus the prefixes <paramref name="context"/> defines; with <paramref name="requireStandard"/>, the standard context must be named.</summary>
    public JsonLdScope With(JsonElement context, string path, bool requireStandard, ErrorSink errors)
    {
        Dictionary<string, string>? added = null;
        var standard = false;

        void Entry(JsonElement item, string itemPath)
        {
            switch (item.ValueKind)
            {
                case JsonValueKind.String:
                    var url = String(item, itemPath, errors);
                    if (url is not null && !EpcisUri.IsValid(url))
                    {
                        errors.Add(EpcisErrors.ContextShape(itemPath));
                    }

                    standard |= url is not null && EpcisVocabulary.StandardContexts.Contains(url);
                    break;
                case JsonValueKind.Object:
                    foreach (var p in item.EnumerateObject())
                    {
                        var name = Name(p, itemPath, errors);
                        if (name is null || name.StartsWith('@') || p.Value.ValueKind != JsonValueKind.String)
                        {
                            continue;
                        }

                        var iri = String(p.Value, Member(itemPath, name), errors);
                        if (iri is not null && EpcisUri.IsValid(iri))
                        {
                            (added ??= new Dictionary<string, string>(UserPrefixes, StringComparer.Ordinal))[name] = iri;
                        }
                    }

                    break;
                default:
                    errors.Add(EpcisErrors.ContextShape(itemPath));
                    break;
            }
        }

        if (context.ValueKind == JsonValueKind.Array)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var i = 0;
            foreach (var item in context.EnumerateArray())
            {
                var itemPath = Index(path, i++);
                if (item.ValueKind == JsonValueKind.String && !seen.Add(item.GetRawText()))
                {
                    errors.Add(EpcisErrors.ContextShape(itemPath));
                }

                Entry(item, itemPath);
            }
        }
        else
        {
            Entry(context, path);
        }

        if (requireStandard && !standard)
        {
            errors.Add(EpcisErrors.Context(path));
        }

        return added is null ? this : new JsonLdScope(added);
    }

    /// <summary>The IRI a member name stands for: a compact IRI expanded through its prefix, anything else as written.</summary>
    public string Expand(string name)
    {
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || name.AsSpan(colon + 1).StartsWith("//"))
        {
            return name;
        }

        var prefix = name[..colon];
        return EpcisVocabulary.StandardPrefixes.TryGetValue(prefix, out var iri) || UserPrefixes.TryGetValue(prefix, out iri)
            ? iri + name[(colon + 1)..]
            : name;
    }
}
