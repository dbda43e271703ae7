namespace EcoValue.Certification.Evaluation;

/// <summary>
/// Everything the engine may look at about one producer, as plain values. The engine owns this model (it does not
/// read the database): the service maps its registry rows into it, and tests build it by hand. Lists may be empty;
/// evidence dated after the evaluation date is ignored, so a past evaluation can be replayed exactly.
/// </summary>
public sealed record ProducerEvidence
{
    public required string ProducerId { get; init; }

    /// <summary>GB/T 2260 code of the producer's registered address (null when not known).</summary>
    public string? RegionCode { get; init; }

    /// <summary>Whether the operator has approved the producer's registration.</summary>
    public bool Approved { get; init; }

    public IReadOnlyList<PlotEvidence> Plots { get; init; } = [];

    public IReadOnlyList<BatchEvidence> Batches { get; init; } = [];

    public IReadOnlyList<InputApplication> Inputs { get; init; } = [];

    public IReadOnlyList<LabResultEvidence> LabResults { get; init; } = [];

    public IReadOnlyList<EvidenceDocument> Documents { get; init; } = [];

    public IReadOnlyList<CarbonDeclaration> CarbonDeclarations { get; init; } = [];
}

/// <summary>A plot: its GB/T 2260 region and its area in mu (亩); either may be unknown.</summary>
public sealed record PlotEvidence(string Id, string? RegionCode, double? AreaMu);

/// <summary>A harvest batch. <see cref="HarvestDate"/> is null before harvest; <see cref="Unit"/> is kg, g, t or a count unit.</summary>
public sealed record BatchEvidence(string Id, string PlotId, string Category, DateOnly? HarvestDate, double Quantity, string Unit);

/// <summary>
/// An input applied (pesticide, fertiliser …) to a batch or, more often, to a plot. <see cref="ActiveIngredient"/> is
/// what the criteria judge; when a farmer recorded only a trade name it is null, and a criterion that needs it
/// reports missing evidence rather than guessing.
/// </summary>
public sealed record InputApplication(
    DateOnly Date,
    string Product,
    string? ActiveIngredient,
    string? PlotId = null,
    string? BatchId = null,
    double? Dose = null,
    string? DoseUnit = null);

/// <summary>One analyte of a lab result; <see cref="Unit"/> is a mass fraction unit (mg/kg, μg/kg, ppm …).</summary>
public sealed record AnalyteValue(string Name, double Value, string Unit);

/// <summary>
/// A lab result for a batch, or for a field sample of a plot taken before any batch exists (then
/// <see cref="PlotId"/> and <see cref="Category"/> say what was sampled).
/// </summary>
public sealed record LabResultEvidence(
    string Id,
    DateOnly SampleDate,
    IReadOnlyList<AnalyteValue> Analytes,
    string? BatchId = null,
    string? PlotId = null,
    string? Category = null);

/// <summary>A document on file (licence, environment report, compliance certificate …), producer-wide or for one batch.</summary>
public sealed record EvidenceDocument(string Kind, string Id, string? BatchId = null, DateOnly? IssuedOn = null, DateOnly? ValidUntil = null);

/// <summary>A declared carbon intensity of a category, kg CO2e per kg of product, and what it rests on.</summary>
public sealed record CarbonDeclaration(string Category, double KgCo2ePerKg, DateOnly? DeclaredOn = null, string? Basis = null);

/// <summary>What an application for a licence covers: plots (ids of the producer's plots) and categories.</summary>
public sealed record EvaluationScope(IReadOnlyList<string> PlotIds, IReadOnlyList<string> Categories);
