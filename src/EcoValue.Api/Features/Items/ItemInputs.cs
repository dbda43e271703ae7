using EcoValue.Domain.Registry;
using EcoValue.Domain.Validation;

namespace EcoValue.Api.Features.Items;

/// <summary>
/// POST /api/v1/batches/{id}/items: how many codes, and how much of the batch one item holds, in the batch's unit
/// (default 1 for countable units — piece, box, bag, bottle; required for kg, g, t and L: "0.25" kg tins).
/// </summary>
public sealed record IssueInput(int? Count, double? ItemQuantity)
{
    public const int MaxCount = 100_000;

    /// <summary>Units whose items default to one unit each.</summary>
    public static readonly IReadOnlySet<string> CountableUnits = new HashSet<string>(StringComparer.Ordinal) { "piece", "box", "bag", "bottle" };

    public (int Count, double ItemQuantity) Validate(string unit)
    {
        var errors = new FieldErrors();
        if (Count is not { } count)
        {
            errors.Add("count", "required", "is required: how many item codes to issue", "必填：要签发的商品码数量");
        }
        else if (count is < 1 or > MaxCount)
        {
            errors.Add("count", "out_of_range", "must be between 1 and 100,000 per request", "每次请求应在 1 到 100,000 之间");
        }

        double quantity = 1;
        if (ItemQuantity is { } q)
        {
            if (!(double.IsFinite(q) && q > 0 && q <= 1e9))
            {
                errors.Add("itemQuantity", "out_of_range", "must be more than 0", "应大于 0");
            }

            quantity = q;
        }
        else if (!CountableUnits.Contains(unit))
        {
            errors.Add("itemQuantity", "required", $"is required for a batch weighed or measured in {unit}: the amount one item holds, in {unit} (e.g. 0.25)",
                $"批次以 {unit} 计量时必填：每件商品的数量，单位 {unit}（例如 0.25）");
        }

        errors.ThrowIfAny();
        return (Count!.Value, quantity);
    }
}

/// <summary>POST /api/v1/batches/{id}/items/withdraw: codes taken out of use (damaged labels, misprints), and why.</summary>
public sealed record WithdrawInput(IReadOnlyList<string?>? Serials, string? Reason)
{
    public const int MaxSerials = 1_000;

    public (IReadOnlyList<string> Serials, string Reason) Validate()
    {
        var errors = new FieldErrors();
        var serials = new List<string>();
        if (Serials is not { Count: > 0 } list)
        {
            errors.Add("serials", "required", "at least one serial is required", "至少需要一个序列号");
        }
        else if (list.Count > MaxSerials)
        {
            errors.Add("serials", "too_many", $"at most {MaxSerials} serials per request", $"每次最多 {MaxSerials} 个序列号");
        }
        else
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (TextRules.Required(errors, $"serials[{i.ToString(System.Globalization.CultureInfo.InvariantCulture)}]", list[i], Domain.Codes.DigitalLink.MaxSerial) is { } s)
                {
                    serials.Add(s);
                }
            }
        }

        var reason = TextRules.Required(errors, "reason", Reason, 500);
        errors.ThrowIfAny();
        return (serials, reason!);
    }
}

/// <summary>POST /api/v1/batches/{id}/recall and /recall/lift: the reason, shown to every consumer who scans the batch.</summary>
public sealed record RecallInput(string? Reason)
{
    public string Validate()
    {
        var errors = new FieldErrors();
        var reason = TextRules.Required(errors, "reason", Reason, 500);
        errors.ThrowIfAny();
        return reason!;
    }
}
