using System.Text.Json.Nodes;

namespace EcoValue.Api.Features.Verification;

/// <summary>
/// The links a Digital Link resolves to, as an RFC 9264 linkset (<c>application/linkset+json</c>) and as an RFC 8288
/// <c>Link</c> header, with link types from the GS1 Web Vocabulary (https://gs1.org/voc/): the consumer page is the
/// default link and the product information page, the verification JSON and the batch record's proof are
/// traceability information, the licence check is certification information.
/// </summary>
internal static class Linkset
{
    public const string MediaType = "application/linkset+json";

    public const string Voc = "https://gs1.org/voc/";

    /// <summary>The links of a found batch or item: (link type, href, media type, title en, title zh).</summary>
    public static List<(string Type, string Href, string MediaType, string En, string Zh)> Links(VerificationView view, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(view);
        var page = view.Link;
        var links = new List<(string, string, string, string, string)>
        {
            ("defaultLink", page, "text/html", "Product, origin and proof (consumer page)", "商品、产地与证明（消费者页面）"),
            ("pip", page, "text/html", "Product information page", "商品信息页"),
            ("traceability", $"{baseUrl}/api/v1/verify?link={Uri.EscapeDataString(page)}", "application/json", "Verification: status, journey, lab results, proofs", "核验结果：状态、流转、检测与证明"),
        };
        if (view.Proofs.FirstOrDefault(p => p.Role == "batch") is { } batch)
        {
            links.Add(("traceability", $"{baseUrl}/api/v1/records/{batch.RecordId}/proof", "application/json", "Proof of the batch record", "批次记录的存证证明"));
        }

        if (view.Licence is { } licence)
        {
            links.Add(("certificationInfo", licence.VerifyUrl, "application/json", $"Licence for {licence.Brand.NameEn}", $"{licence.Brand.NameZh} 使用许可"));
        }

        return links;
    }

    /// <summary>The linkset document: one context object anchored at the canonical link.</summary>
    public static JsonObject Document(VerificationView view, string baseUrl)
    {
        var context = new JsonObject { ["anchor"] = view.Link };
        foreach (var group in Links(view, baseUrl).GroupBy(l => l.Type))
        {
            var targets = new JsonArray();
            foreach (var (_, href, type, en, zh) in group)
            {
                var target = new JsonObject
                {
                    ["href"] = href,
                    ["title"] = en,
                    ["title*"] = new JsonArray(new JsonObject { ["value"] = zh, ["language"] = "zh-CN" }),
                    ["type"] = type,
                };
                if (type == "text/html")
                {
                    target["hreflang"] = new JsonArray("zh-CN", "en");
                }

                targets.Add(target);
            }

            context[Voc + group.Key] = targets;
        }

        return new JsonObject { ["linkset"] = new JsonArray(context) };
    }

    /// <summary>The RFC 8288 header: where the linkset is, and the default link.</summary>
    public static string Header(VerificationView view, string baseUrl)
    {
        var parts = new List<string> { $"<{view.Link}?linkType=all>; rel=\"linkset\"; type=\"{MediaType}\"" };
        parts.AddRange(Links(view, baseUrl).Where(l => l.Type is "defaultLink" or "certificationInfo").Select(l => $"<{l.Href}>; rel=\"{Voc}{l.Type}\"; type=\"{l.MediaType}\""));
        return string.Join(", ", parts);
    }

    /// <summary>The target a <c>?linkType=</c> asks for (<c>gs1:certificationInfo</c> or the full URI), or null.</summary>
    public static string? Target(VerificationView view, string baseUrl, string linkType)
    {
        var type = linkType.StartsWith("gs1:", StringComparison.Ordinal) ? linkType[4..] : linkType.StartsWith(Voc, StringComparison.Ordinal) ? linkType[Voc.Length..] : null;
        return type is null ? null : Links(view, baseUrl).FirstOrDefault(l => l.Type == type).Href;
    }
}
