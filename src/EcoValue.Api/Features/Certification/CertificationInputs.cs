using System.Globalization;
using EcoValue.Domain.Registry;
using EcoValue.Domain.Validation;

namespace EcoValue.Api.Features.Certification;

// What clients send to the certification routes. Members are nullable so a missing one is a precise field error
// (bilingual, problem+json), not a deserialisation failure; each Validate returns the checked form or throws
// DomainValidationException with every problem at once.

/// <summary>Register a brand with one of the loaded standards (the brand is the standard's <c>brand.id</c>), or move it to another version.</summary>
public sealed record BrandInput(string? StandardId, string? MetadataUri)
{
    public (string StandardId, string? MetadataUri) Validate()
    {
        var errors = new FieldErrors();
        var standard = TextRules.Required(errors, "standardId", StandardId, 100);
        var uri = TextRules.Optional(errors, "metadataUri", MetadataUri, 500);
        if (uri is { Length: > 0 } && !Uri.TryCreate(uri, UriKind.Absolute, out _))
        {
            errors.Add("metadataUri", "uri.format", "must be an absolute URI (https://…, ipfs://…, urn:…)", "应为绝对 URI（https://…、ipfs://…、urn:…）");
        }

        errors.ThrowIfAny();
        return (standard!, uri);
    }
}

/// <summary>Accredit a certifier (a user with role certifier) for a brand.</summary>
public sealed record AccreditationInput(string? UserId)
{
    public string Validate()
    {
        var errors = new FieldErrors();
        var user = TextRules.Required(errors, "userId", UserId, 64);
        errors.ThrowIfAny();
        return user!;
    }
}

/// <summary>A producer's application for a brand over some of its plots and categories.</summary>
public sealed record ApplicationInput(string? BrandId, IReadOnlyList<string?>? Plots, IReadOnlyList<string?>? Categories, string? Notes)
{
    public const int MaxPlots = 200;
    public const int MaxCategories = 20;
    public const int MaxNotes = 2000;

    public ApplicationFacts Validate()
    {
        var errors = new FieldErrors();
        var brand = TextRules.Required(errors, "brandId", BrandId, 100);
        var plots = List(errors, "plots", Plots, MaxPlots, (e, f, v) => TextRules.Required(e, f, v, 64));
        var categories = List(errors, "categories", Categories, MaxCategories, BatchFacts.CheckCategory);
        var notes = TextRules.Optional(errors, "notes", Notes, MaxNotes);
        errors.ThrowIfAny();
        return new ApplicationFacts(brand!, plots, categories, notes);
    }

    private static List<string> List(FieldErrors errors, string field, IReadOnlyList<string?>? items, int max, Func<FieldErrors, string, string?, string?> check)
    {
        var list = new List<string>();
        if (items is not { Count: > 0 })
        {
            errors.Add(field, "required", "needs at least one entry", "至少需要一项");
            return list;
        }

        if (items.Count > max)
        {
            errors.Add(field, "too_many", $"at most {max} entries", $"最多 {max} 项");
            return list;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var at = $"{field}[{i.ToString(CultureInfo.InvariantCulture)}]";
            if (check(errors, at, items[i]) is { } value)
            {
                if (list.Contains(value, StringComparer.Ordinal))
                {
                    errors.Add(at, "duplicate", "is listed twice", "重复列出");
                }
                else
                {
                    list.Add(value);
                }
            }
        }

        return list;
    }
}

/// <summary>A checked application: the brand, distinct plot ids and categories, and the producer's notes.</summary>
public sealed record ApplicationFacts(string BrandId, IReadOnlyList<string> Plots, IReadOnlyList<string> Categories, string? Notes);

/// <summary>A certifier's decision on an application: <c>approve</c> (issues the licence) or <c>reject</c>, with notes.</summary>
public sealed record DecisionInput(string? Decision, string? Notes)
{
    public const int MaxNotes = 2000;

    public (bool Approve, string? Notes) Validate()
    {
        var errors = new FieldErrors();
        if (Decision is not ("approve" or "reject"))
        {
            errors.Add("decision", Decision is null ? "required" : "decision.value", "must be approve or reject", "应为 approve 或 reject");
        }

        var notes = TextRules.Optional(errors, "notes", Notes, MaxNotes);
        if (Decision == "reject" && string.IsNullOrWhiteSpace(notes))
        {
            errors.Add("notes", "required", "a rejection says why", "驳回须说明理由");
        }

        errors.ThrowIfAny();
        return (Decision == "approve", notes);
    }
}

/// <summary>Why a licence is suspended, reinstated or revoked (kept off chain; its keccak256 goes on chain).</summary>
public sealed record StatusChangeInput(string? Reason)
{
    public const int MaxReason = 2000;

    public string Validate()
    {
        var errors = new FieldErrors();
        var reason = TextRules.Required(errors, "reason", Reason, MaxReason);
        errors.ThrowIfAny();
        return reason!;
    }
}

/// <summary>Claim a brand for a batch.</summary>
public sealed record BrandClaimInput(string? BrandId)
{
    public string Validate()
    {
        var errors = new FieldErrors();
        var brand = TextRules.Required(errors, "brandId", BrandId, 100);
        errors.ThrowIfAny();
        return brand!;
    }
}
