namespace EcoValue.Certification;

/// <summary>Where a criterion is checked: when a producer applies for a licence, for each batch that would carry the brand, or both.</summary>
public enum CriterionLevel
{
    Producer,
    Batch,
    Both,
}

/// <summary>The criterion kinds a standard file may use (<c>kind:</c>); certification-rules/README.md explains each.</summary>
public static class CriterionKinds
{
    public const string OriginRegion = "origin_region";
    public const string LabLimit = "lab_limit";
    public const string LabRecency = "lab_recency";
    public const string PreHarvestInterval = "pre_harvest_interval";
    public const string ForbiddenInputs = "forbidden_inputs";
    public const string EvidenceRequired = "evidence_required";
    public const string YieldCap = "yield_cap";
    public const string CarbonIntensity = "carbon_intensity";

    public static IReadOnlyList<string> All { get; } =
        [OriginRegion, LabLimit, LabRecency, PreHarvestInterval, ForbiddenInputs, EvidenceRequired, YieldCap, CarbonIntensity];
}

/// <summary>
/// One typed rule of a standard. <see cref="Categories"/> is always explicit after loading: the categories the file
/// names for the criterion, or the standard's whole scope when it names none; a batch of another category is
/// not concerned by the criterion (outcome not applicable).
/// </summary>
public abstract record Criterion
{
    public required string Id { get; init; }

    public required LocalizedText Title { get; init; }

    public required CriterionLevel AppliesTo { get; init; }

    public required IReadOnlyList<string> Categories { get; init; }

    public string? Note { get; init; }

    /// <summary>The <c>kind:</c> this criterion was written as (one of <see cref="CriterionKinds"/>).</summary>
    public abstract string Kind { get; }

    /// <summary>True when the criterion is checked at producer level (<see cref="CriterionLevel.Producer"/> or <see cref="CriterionLevel.Both"/>).</summary>
    public bool AtProducerLevel => AppliesTo is CriterionLevel.Producer or CriterionLevel.Both;

    /// <summary>True when the criterion is checked for each batch (<see cref="CriterionLevel.Batch"/> or <see cref="CriterionLevel.Both"/>).</summary>
    public bool AtBatchLevel => AppliesTo is CriterionLevel.Batch or CriterionLevel.Both;

    public bool Covers(string category) => Categories.Contains(category, StringComparer.Ordinal);
}

/// <summary>Producer and plots (or a batch's plot) lie in a GB/T 2260 region starting with one of the prefixes (46 = Hainan).</summary>
public sealed record OriginRegionCriterion : Criterion
{
    public required IReadOnlyList<string> RegionPrefixes { get; init; }

    public override string Kind => CriterionKinds.OriginRegion;
}

/// <summary>An analyte measured at most <see cref="MaxMgPerKg"/> in the covered categories; the value cites its source.</summary>
public sealed record LabLimitCriterion : Criterion
{
    public required string Analyte { get; init; }

    /// <summary>Other names a lab report may use for the analyte (Chinese name, symbol); matched like the name.</summary>
    public required IReadOnlyList<string> Aliases { get; init; }

    public required decimal MaxMgPerKg { get; init; }

    public required string Source { get; init; }

    public bool Illustrative { get; init; }

    public override string Kind => CriterionKinds.LabLimit;

    /// <summary>True when a lab report's analyte name is this criterion's analyte or one of its aliases, compared as the evaluation compares them.</summary>
    public bool Measures(string analyteName)
    {
        ArgumentNullException.ThrowIfNull(analyteName);
        return Evaluation.Names.Set(Analyte, Aliases).Contains(Evaluation.Names.Normalize(analyteName));
    }
}

/// <summary>A lab result sampled within <see cref="MaxAgeDays"/> (of the harvest for a batch, of the evaluation date for a producer).</summary>
public sealed record LabRecencyCriterion : Criterion
{
    public required int MaxAgeDays { get; init; }

    public override string Kind => CriterionKinds.LabRecency;
}

/// <summary>At least <see cref="MinDays"/> between the last application of an active ingredient and the harvest (安全间隔期).</summary>
public sealed record PreHarvestIntervalCriterion : Criterion
{
    public required string ActiveIngredient { get; init; }

    public required IReadOnlyList<string> Aliases { get; init; }

    public required int MinDays { get; init; }

    public required string Source { get; init; }

    public bool Illustrative { get; init; }

    public override string Kind => CriterionKinds.PreHarvestInterval;
}

/// <summary>An active ingredient a forbidden-inputs criterion names, with the other names it goes by.</summary>
public sealed record ForbiddenIngredient(string Name, IReadOnlyList<string> Aliases);

/// <summary>None of the named active ingredients applied (e.g. pesticides on 农业农村部's banned list).</summary>
public sealed record ForbiddenInputsCriterion : Criterion
{
    public required IReadOnlyList<ForbiddenIngredient> Ingredients { get; init; }

    public required string Source { get; init; }

    public override string Kind => CriterionKinds.ForbiddenInputs;
}

/// <summary>A document of each named kind is on file and not expired (e.g. <c>soil-environment-report</c>).</summary>
public sealed record EvidenceRequiredCriterion : Criterion
{
    public required IReadOnlyList<string> EvidenceKinds { get; init; }

    public override string Kind => CriterionKinds.EvidenceRequired;
}

/// <summary>The batches of a plot, per category and season, weigh no more than plot area × the standard's yield cap.</summary>
public sealed record YieldCapCriterion : Criterion
{
    public override string Kind => CriterionKinds.YieldCap;
}

/// <summary>The declared carbon intensity of a category is at most <see cref="MaxKgCo2ePerKg"/> kg CO2e per kg of product.</summary>
public sealed record CarbonIntensityCriterion : Criterion
{
    public required decimal MaxKgCo2ePerKg { get; init; }

    public required string Source { get; init; }

    public bool Illustrative { get; init; }

    public override string Kind => CriterionKinds.CarbonIntensity;
}
