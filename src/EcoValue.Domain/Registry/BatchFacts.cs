using System.Globalization;
using System.Text.Json.Nodes;
using EcoValue.Domain.Validation;

namespace EcoValue.Domain.Registry;

/// <summary>A validated batch. <see cref="Gtin"/> is 14 digits; <see cref="HarvestDate"/> is yyyy-MM-dd.</summary>
public sealed record BatchFacts(string Product, string Category, string Gtin, string Lot, string PlotId, string HarvestDate, double Quantity, string Unit)
{
    public const int MaxProduct = 200;

    /// <summary>GS1 AI (10) batch/lot: up to 20 characters.</summary>
    public const int MaxLot = 20;

    /// <summary>Units a batch quantity may be given in.</summary>
    public static IReadOnlyList<string> Units { get; } = ["kg", "g", "t", "piece", "box", "bag", "bottle", "L"];

    public static BatchFacts Validate(BatchInput? input, DateOnly today)
    {
        var errors = new FieldErrors();
        if (input is null)
        {
            errors.Add(string.Empty, "required", "a batch object is required", "需要提供批次信息");
            errors.ThrowIfAny();
        }

        var product = TextRules.Required(errors, "product", input!.Product, MaxProduct);
        var category = CheckCategory(errors, "category", input.Category);
        var gtin = ProducerFacts.Required(errors, "gtin", input.Gtin, s => Identifiers.Gtin.Parse(s).Value);
        var lot = CheckLot(errors, "lot", input.Lot);
        var plot = TextRules.Required(errors, "plotId", input.PlotId, 64);
        var harvest = CheckDate(errors, "harvestDate", input.HarvestDate, today);
        if (input.Quantity is not { } q)
        {
            errors.Add("quantity", "required", "is required", "必填");
        }
        else if (!(q > 0 && q <= 1e12))
        {
            errors.Add("quantity", "out_of_range", "must be more than 0", "应大于 0");
        }

        var unit = CheckUnit(errors, "unit", input.Unit);
        errors.ThrowIfAny();
        return new BatchFacts(product!, category!, gtin!, lot!, plot!, harvest!, input.Quantity!.Value, unit!);
    }

    public JsonObject ToRecordData(string batchId, string producerId, string? supersedes) => RecordData.With(supersedes, new JsonObject
    {
        ["batch"] = batchId,
        ["producer"] = producerId,
        ["plot"] = PlotId,
        ["product"] = Product,
        ["category"] = Category,
        ["gtin"] = Gtin,
        ["lot"] = Lot,
        ["harvestDate"] = HarvestDate,
        ["quantity"] = Quantity,
        ["unit"] = Unit,
    });

    /// <summary>A product category: a lower-case slug (tea, coffee, tropical-fruit, vegetables, …) that brand standards scope by.</summary>
    public static string? CheckCategory(FieldErrors errors, string field, string? value)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(field, "required", "is required", "必填");
            return null;
        }

        var ok = value.Length <= 40 && value[0] is >= 'a' and <= 'z' && value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
        if (!ok)
        {
            errors.Add(field, "category.format", "must be a lower-case slug such as tea, coffee or tropical-fruit (a-z, 0-9, '-', at most 40)", "应为小写标识，如 tea、coffee、tropical-fruit（a-z、0-9、'-'，最多 40 个字符）");
            return null;
        }

        return value;
    }

    /// <summary>
    /// GS1 AI (10): 1..20 characters of GS1's "character set 82" (GS1 General Specifications §7.11, figure 7.11-1), so
    /// the lot can travel in a Digital Link and a GS1 DataMatrix.
    /// </summary>
    public static string? CheckLot(FieldErrors errors, string field, string? value)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(field, "required", "is required", "必填");
            return null;
        }

        if (value.Length > MaxLot)
        {
            errors.Add(field, "lot.too_long", $"must be at most {MaxLot} characters (GS1 AI 10)", $"最多 {MaxLot} 个字符（GS1 AI 10）");
            return null;
        }

        if (value is "." or "..")
        {
            // A path segment browsers remove: the lot could never travel in its Digital Link (docs/domain.md).
            errors.Add(field, "lot.dot_segment", $"a lot of '{value}' cannot be carried in a GS1 Digital Link: browsers remove such path segments", $"批号“{value}”无法放入 GS1 数字链接：浏览器会删除这种路径段");
            return null;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (!IsCset82(value[i]))
            {
                errors.Add(field, "lot.character", $"character {i + 1} ('{value[i]}') is not allowed in a GS1 lot: use A-Z, a-z, 0-9 and !\"%&'()*+,-./:;<=>?_", $"第 {i + 1} 个字符（'{value[i]}'）不能用于 GS1 批号：请使用 A-Z、a-z、0-9 和 !\"%&'()*+,-./:;<=>?_");
                return null;
            }
        }

        return value;
    }

    public static bool IsCset82(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9')
            or '!' or '"' or '%' or '&' or '\'' or '(' or ')' or '*' or '+' or ',' or '-' or '.' or '/' or ':' or ';' or '<' or '=' or '>' or '?' or '_';

    /// <summary>A calendar date, yyyy-MM-dd, not after tomorrow (a field in UTC+8 may be a day ahead of the server).</summary>
    public static string? CheckDate(FieldErrors errors, string field, string? value, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(field, "required", "is required (yyyy-MM-dd)", "必填（yyyy-MM-dd）");
            return null;
        }

        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) || date.Year < 1900)
        {
            errors.Add(field, "date.format", "must be a date as yyyy-MM-dd", "应为日期，格式 yyyy-MM-dd");
            return null;
        }

        if (date > today.AddDays(1))
        {
            errors.Add(field, "date.future", "must not be in the future", "不能晚于今天");
            return null;
        }

        return value;
    }

    private static string? CheckUnit(FieldErrors errors, string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(field, "required", "is required", "必填");
            return null;
        }

        if (!Units.Contains(value))
        {
            errors.Add(field, "unit.unknown", $"must be one of {string.Join(", ", Units)}", $"应为以下之一：{string.Join("、", Units)}");
            return null;
        }

        return value;
    }
}
