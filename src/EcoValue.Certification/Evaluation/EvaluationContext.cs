using System.Globalization;
using System.Text.Json.Nodes;

namespace EcoValue.Certification.Evaluation;

/// <summary>
/// The evidence of one evaluation, indexed, and the rules every check shares about what is in view: nothing dated
/// after <see cref="AsOf"/>; at producer level, batches harvested, inputs applied and samples taken within the
/// standard's look-back window on scoped plots and categories.
/// </summary>
internal sealed class EvaluationContext
{
    private readonly Dictionary<string, PlotEvidence> _plots;
    private readonly Dictionary<string, BatchEvidence> _batches;
    private readonly HashSet<string> _scopePlots;

    public EvaluationContext(Standard standard, ProducerEvidence evidence, DateOnly asOf, EvaluationScope? scope)
    {
        Standard = standard;
        Evidence = evidence;
        AsOf = asOf;
        _plots = evidence.Plots.GroupBy(p => p.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        _batches = evidence.Batches.GroupBy(b => b.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        ScopePlotIds = scope?.PlotIds.Distinct(StringComparer.Ordinal).ToList() ?? [];
        _scopePlots = [.. ScopePlotIds];
        ScopeCategories = scope?.Categories.Where(standard.Covers).Distinct(StringComparer.Ordinal).ToList() ?? [];
    }

    public Standard Standard { get; }

    public ProducerEvidence Evidence { get; }

    public DateOnly AsOf { get; }

    /// <summary>First day of the producer-level look-back window (the window ends on <see cref="AsOf"/>).</summary>
    public DateOnly WindowStart => AsOf.AddDays(-Standard.LookbackDays);

    public IReadOnlyList<string> ScopePlotIds { get; }

    /// <summary>The scope's categories that the standard covers (others are refused by a precondition).</summary>
    public IReadOnlyList<string> ScopeCategories { get; }

    public PlotEvidence? Plot(string id) => _plots.GetValueOrDefault(id);

    public BatchEvidence? Batch(string id) => _batches.GetValueOrDefault(id);

    public bool InWindow(DateOnly date) => date >= WindowStart && date <= AsOf;

    /// <summary>The scope's categories a criterion concerns.</summary>
    public List<string> CoveredCategories(Criterion criterion) => [.. ScopeCategories.Where(criterion.Covers)];

    /// <summary>Batches on scoped plots, of one category, harvested within the window.</summary>
    public IEnumerable<BatchEvidence> ScopedBatches(string category) => Evidence.Batches.Where(b =>
        _scopePlots.Contains(b.PlotId) && b.Category == category && b.HarvestDate is { } h && InWindow(h));

    /// <summary>A batch's lab results sampled by the evaluation date.</summary>
    public IEnumerable<LabResultEvidence> ResultsOfBatch(string batchId) =>
        Evidence.LabResults.Where(r => r.BatchId == batchId && r.SampleDate <= AsOf);

    /// <summary>
    /// Lab results that speak for a category of the scope: those of its scoped batches, and field samples of a scoped
    /// plot for that category; sampled by the evaluation date, and within the window unless <paramref name="anyAge"/>.
    /// </summary>
    public IEnumerable<LabResultEvidence> ScopedResults(string category, bool anyAge = false)
    {
        var batches = new HashSet<string>(Evidence.Batches.Where(b => _scopePlots.Contains(b.PlotId) && b.Category == category).Select(b => b.Id), StringComparer.Ordinal);
        return Evidence.LabResults.Where(r =>
            r.SampleDate <= AsOf
            && (anyAge || r.SampleDate >= WindowStart)
            && (r.BatchId is { } id ? batches.Contains(id) : r.PlotId is { } p && _scopePlots.Contains(p) && r.Category == category));
    }

    /// <summary>
    /// Inputs that may have reached a batch: applied to it, or to its plot without naming a batch, within the
    /// look-back window before its harvest (before the evaluation date when it is not harvested yet).
    /// </summary>
    public IEnumerable<InputApplication> InputsFor(BatchEvidence batch)
    {
        var end = batch.HarvestDate is { } h && h < AsOf ? h : AsOf;
        var start = end.AddDays(-Standard.LookbackDays);
        return Evidence.Inputs.Where(a =>
            a.Date >= start && a.Date <= end
            && (a.BatchId == batch.Id || (a.BatchId is null && a.PlotId == batch.PlotId)));
    }

    /// <summary>Inputs applied within the window to scoped plots, or to batches grown on them.</summary>
    public IEnumerable<InputApplication> ScopedInputs() => Evidence.Inputs.Where(a =>
        InWindow(a.Date)
        && (a.BatchId is { } b ? Batch(b) is { } batch && _scopePlots.Contains(batch.PlotId) : a.PlotId is { } p && _scopePlots.Contains(p)));

    /// <summary>
    /// Whether an input concerns one of the categories: through its batch's category, or for a plot-wide input, when the
    /// plot has a batch of one of them or no batch yet (a new plot: nothing says the input was for another crop).
    /// </summary>
    public bool InputConcerns(InputApplication input, IReadOnlyCollection<string> categories)
    {
        if (input.BatchId is { } b)
        {
            return Batch(b) is { } batch && categories.Contains(batch.Category);
        }

        var onPlot = Evidence.Batches.Where(x => x.PlotId == input.PlotId).ToList();
        return onPlot.Count == 0 || onPlot.Any(x => categories.Contains(x.Category));
    }

    public static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static JsonNode? Day(DateOnly? date) => date is { } d ? Day(d) : null;

    public static string Num(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A decimal without trailing zeros (700.0 kg prints as 700), for reasons people read.</summary>
    public static string Num(decimal value) => (value / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
}
