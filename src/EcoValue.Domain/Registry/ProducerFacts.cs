using System.Text.Json.Nodes;
using EcoValue.Domain.Records;
using EcoValue.Domain.Validation;

namespace EcoValue.Domain.Registry;

/// <summary>A validated producer.</summary>
public sealed record ProducerFacts(string Name, string CreditCode, string RegionCode, ContactInput? Contact)
{
    public const int MaxName = 200;
    public const int MaxContactField = 200;

    public static ProducerFacts Validate(ProducerInput? input)
    {
        var errors = new FieldErrors();
        if (input is null)
        {
            errors.Add(string.Empty, "required", "a producer object is required", "需要提供生产主体信息");
            errors.ThrowIfAny();
        }

        var name = TextRules.Required(errors, "name", input!.Name, MaxName);
        var credit = Required(errors, "creditCode", input.CreditCode, s => Identifiers.CreditCode.Parse(s).Value);
        var region = Required(errors, "regionCode", input.RegionCode, s => Identifiers.RegionCode.Parse(s).Value);
        ContactInput? contact = null;
        if (input.Contact is { } c)
        {
            contact = new ContactInput(
                TextRules.Optional(errors, "contact.name", c.Name, MaxContactField),
                TextRules.Optional(errors, "contact.phone", c.Phone, 40),
                TextRules.Optional(errors, "contact.email", c.Email, MaxContactField));
        }

        errors.ThrowIfAny();
        return new ProducerFacts(name!, credit!, region!, contact);
    }

    /// <summary>The record's data: public fields in clear, the contact only as a salted digest.</summary>
    public JsonObject ToRecordData(string producerId, string? supersedes) => RecordData.With(supersedes, new JsonObject
    {
        ["producer"] = producerId,
        ["name"] = Name,
        ["creditCode"] = CreditCode,
        ["regionCode"] = RegionCode,
        ["contact"] = Contact is null ? null : SaltedDigest.Commit(new JsonObject
        {
            ["name"] = Contact.Name, ["phone"] = Contact.Phone, ["email"] = Contact.Email,
        }).ToPublicJson(),
    });

    /// <summary>Parses a required identifier field; a missing one is "required", a malformed one keeps its parser's errors.</summary>
    internal static string? Required(FieldErrors errors, string field, string? value, Func<string, string> parse)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(field, "required", "is required", "必填");
            return null;
        }

        return errors.Try(field, () => parse(value));
    }
}

/// <summary>Shared shape of registry record data.</summary>
internal static class RecordData
{
    /// <summary>Adds <c>supersedes</c> (the record this one corrects) when there is one.</summary>
    public static JsonObject With(string? supersedes, JsonObject data)
    {
        if (supersedes is not null)
        {
            data["supersedes"] = supersedes;
        }

        return data;
    }
}
