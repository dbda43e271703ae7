using System.Globalization;
using System.Text;

namespace EcoValue.Certification.Evaluation;

/// <summary>
/// The unit conversions the criteria need, and only those: batch quantities to kg, lab concentrations to mg/kg.
/// A unit not listed here cannot be compared, and the criterion reports missing evidence naming it, rather than
/// guessing (a box of tea has no known weight).
/// </summary>
public static class Units
{
    private static readonly Dictionary<string, decimal> KgPer = new(StringComparer.Ordinal)
    {
        ["kg"] = 1m, ["千克"] = 1m, ["公斤"] = 1m,
        ["g"] = 0.001m, ["克"] = 0.001m,
        ["t"] = 1000m, ["吨"] = 1000m,
        ["斤"] = 0.5m, // 市斤, the unit Chinese markets weigh in
    };

    private static readonly Dictionary<string, double> MgPerKgPer = new(StringComparer.Ordinal)
    {
        ["mg/kg"] = 1, ["ppm"] = 1, ["μg/g"] = 1, ["ug/g"] = 1, ["毫克/千克"] = 1,
        ["μg/kg"] = 0.001, ["ug/kg"] = 0.001, ["ppb"] = 0.001, ["ng/g"] = 0.001, ["微克/千克"] = 0.001,
        ["g/kg"] = 1000, ["mg/g"] = 1000, ["克/千克"] = 1000,
    };

    /// <summary>Units a batch quantity can be weighed in.</summary>
    public static IReadOnlyCollection<string> MassUnits => KgPer.Keys;

    /// <summary>Units a lab concentration can be compared in.</summary>
    public static IReadOnlyCollection<string> ConcentrationUnits => MgPerKgPer.Keys;

    /// <summary>The quantity in kg, or null when the unit is not a mass (piece, box, L …).</summary>
    public static decimal? ToKg(double quantity, string unit) =>
        KgPer.TryGetValue(Normalize(unit), out var factor) && double.IsFinite(quantity) && Math.Abs(quantity) < 1e15
            ? (decimal)quantity * factor
            : null;

    /// <summary>The concentration in mg/kg, or null when the unit is not a mass fraction this engine knows.</summary>
    public static double? ToMgPerKg(double value, string unit) =>
        MgPerKgPer.TryGetValue(Normalize(unit), out var factor) && double.IsFinite(value) ? value * factor : null;

    /// <summary>Unit spellings differ by case, width and micro sign (µ U+00B5 vs μ U+03BC); compare them folded.</summary>
    private static string Normalize(string unit)
    {
        // NFKC already maps the micro sign to Greek mu; lower-casing leaves CJK and mu as they are.
        return unit.Normalize(NormalizationForm.FormKC).Replace(" ", string.Empty, StringComparison.Ordinal).ToLower(CultureInfo.InvariantCulture);
    }
}

/// <summary>How analyte and active-ingredient names are compared: NFKC, trimmed, case-folded, inner spaces collapsed.</summary>
internal static class Names
{
    public static string Normalize(string name)
    {
        var folded = name.Normalize(NormalizationForm.FormKC).Trim().ToLower(CultureInfo.InvariantCulture);
        return string.Join(' ', folded.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    public static HashSet<string> Set(string name, IEnumerable<string> aliases)
    {
        var set = new HashSet<string>(StringComparer.Ordinal) { Normalize(name) };
        foreach (var alias in aliases)
        {
            set.Add(Normalize(alias));
        }

        return set;
    }
}
