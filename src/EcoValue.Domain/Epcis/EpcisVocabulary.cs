using System.Collections.Frozen;

namespace EcoValue.Domain.Epcis;

/// <summary>
/// What a field event is, as this service files it. Derived from the EPCIS business step (docs/epcis.md has the table).
/// </summary>
public enum EpcisEventKind
{
    /// <summary>A step we keep but do not file under a field-event kind (any other CBV step, a partner's own step URI, or none).</summary>
    Other,
    Harvest,
    InputApplied,
    Packing,
    Storage,
    Shipping,

    /// <summary>Issuing identities to items or lots (CBV <c>commissioning</c>).</summary>
    Commissioning,

    /// <summary>Inspection or sampling for the lab (CBV <c>inspecting</c>, <c>sampling</c>).</summary>
    LabSampling,

    /// <summary>Making a new product class out of inputs (CBV <c>creating_class_instance</c>, or a TransformationEvent with no mapped step).</summary>
    Processing,
}

/// <summary>
/// Core Business Vocabulary 2.0 business steps and dispositions (the enumerations of the GS1 EPCIS 2.0 JSON schema),
/// the two steps this service adds in its own namespace, and how a business step maps to an <see cref="EpcisEventKind"/>.
/// Business steps and dispositions are kept in one canonical form: the bare name for a CBV or EcoValue term, the full
/// URI for anyone else's.
/// </summary>
public static class EpcisVocabulary
{
    /// <summary>Namespace of the business steps CBV 2.0 lacks: harvesting and input application (spraying, fertilising).</summary>
    public const string EcoValueBizStepBase = "https://ecovalue.dev/bizstep/";

    /// <summary>Namespace of our extension members (ILMD and event members), conventionally with the prefix <see cref="EcoValuePrefix"/>.</summary>
    public const string EcoValueNamespace = "https://ecovalue.dev/epcis/";

    public const string EcoValuePrefix = "ecovalue";

    /// <summary>The GS1 JSON-LD context our exports reference (the unversioned alias of the 2.0.0 context).</summary>
    public const string StandardContext = "https://ref.gs1.org/standards/epcis/epcis-context.jsonld";

    public const string Harvesting = "harvesting";

    public const string InputApplied = "input_applied";

    /// <summary>Contexts we accept as "the EPCIS 2.0 context": GS1's versioned and unversioned URLs and the draft on GitHub Pages.</summary>
    public static readonly FrozenSet<string> StandardContexts = FrozenSet.ToFrozenSet(
    [
        StandardContext,
        "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
        "https://gs1.github.io/EPCIS/epcis-context.jsonld",
    ]);

    /// <summary>Prefixes the standard context defines (and protects), so documents need not declare them.</summary>
    public static readonly FrozenDictionary<string, string> StandardPrefixes = new Dictionary<string, string>
    {
        ["epcis"] = "https://ref.gs1.org/epcis/",
        ["cbv"] = "https://ref.gs1.org/cbv/",
        ["cbvmda"] = "urn:epcglobal:cbv:mda:",
        ["gs1"] = "https://gs1.org/voc/",
        ["rdfs"] = "http://www.w3.org/2000/01/rdf-schema#",
        ["owl"] = "http://www.w3.org/2002/07/owl#",
        ["xsd"] = "http://www.w3.org/2001/XMLSchema#",
        ["dcterms"] = "http://purl.org/dc/terms/",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>CBV 2.0 business steps (EPCIS-JSON-Schema.json, definitions/bizStep).</summary>
    public static readonly FrozenSet<string> CbvBizSteps = FrozenSet.ToFrozenSet(
    [
        "accepting", "arriving", "assembling", "collecting", "commissioning", "consigning", "creating_class_instance",
        "cycle_counting", "decommissioning", "departing", "destroying", "disassembling", "dispensing", "encoding",
        "entering_exiting", "holding", "inspecting", "installing", "killing", "loading", "other", "packing", "picking",
        "receiving", "removing", "repackaging", "repairing", "replacing", "reserving", "retail_selling", "shipping",
        "staging_outbound", "stock_taking", "stocking", "storing", "transporting", "unloading", "unpacking",
        "void_shipping", "sensor_reporting", "sampling",
    ], StringComparer.Ordinal);

    /// <summary>Steps CBV 2.0 does not have and this service defines under <see cref="EcoValueBizStepBase"/>.</summary>
    public static readonly FrozenSet<string> EcoValueBizSteps = FrozenSet.ToFrozenSet([Harvesting, InputApplied], StringComparer.Ordinal);

    /// <summary>CBV 2.0 dispositions (EPCIS-JSON-Schema.json, definitions/disposition).</summary>
    public static readonly FrozenSet<string> CbvDispositions = FrozenSet.ToFrozenSet(
    [
        "active", "container_closed", "damaged", "destroyed", "dispensed", "disposed", "encoded", "expired",
        "in_progress", "in_transit", "inactive", "no_pedigree_match", "non_sellable_other", "partially_dispensed",
        "recalled", "reserved", "retail_sold", "returned", "sellable_accessible", "sellable_not_accessible", "stolen",
        "unknown", "available", "completeness_verified", "completeness_inferred", "conformant", "container_open",
        "mismatch_instance", "mismatch_class", "mismatch_quantity", "needs_replacement", "non_conformant", "unavailable",
    ], StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, EpcisEventKind> KindByStep = new Dictionary<string, EpcisEventKind>
    {
        [Harvesting] = EpcisEventKind.Harvest,
        [InputApplied] = EpcisEventKind.InputApplied,
        ["commissioning"] = EpcisEventKind.Commissioning,
        ["packing"] = EpcisEventKind.Packing,
        ["repackaging"] = EpcisEventKind.Packing,
        ["storing"] = EpcisEventKind.Storage,
        ["shipping"] = EpcisEventKind.Shipping,
        ["departing"] = EpcisEventKind.Shipping,
        ["transporting"] = EpcisEventKind.Shipping,
        ["arriving"] = EpcisEventKind.Shipping,
        ["receiving"] = EpcisEventKind.Shipping,
        ["inspecting"] = EpcisEventKind.LabSampling,
        ["sampling"] = EpcisEventKind.LabSampling,
        ["creating_class_instance"] = EpcisEventKind.Processing,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The field-event kind of an event: by its business step; a TransformationEvent without a mapped step is processing.</summary>
    public static EpcisEventKind KindOf(EpcisEventType type, string? bizStep) =>
        bizStep is not null && KindByStep.TryGetValue(bizStep, out var kind) ? kind
        : type == EpcisEventType.TransformationEvent ? EpcisEventKind.Processing
        : EpcisEventKind.Other;

    /// <summary>
    /// Canonical business step: bare name for CBV 2.0 and EcoValue steps written bare, as
    /// <c>urn:epcglobal:cbv:bizstep:x</c>, <c>https://ref.gs1.org/cbv/BizStep-x</c> or under
    /// <see cref="EcoValueBizStepBase"/>; any other URI outside the CBV namespaces as it is. Null when it is none of these.
    /// </summary>
    public static string? NormalizeBizStep(string value) =>
        Normalize(value, "urn:epcglobal:cbv:bizstep:", "BizStep-", name => CbvBizSteps.Contains(name) || EcoValueBizSteps.Contains(name), allowEcoValue: true);

    /// <summary>Canonical disposition, by the same rules (<c>urn:epcglobal:cbv:disp:x</c>, <c>https://ref.gs1.org/cbv/Disp-x</c>).</summary>
    public static string? NormalizeDisposition(string value) =>
        Normalize(value, "urn:epcglobal:cbv:disp:", "Disp-", CbvDispositions.Contains, allowEcoValue: false);

    /// <summary>The form an export writes: bare CBV names, EcoValue steps as their URI, other URIs as they are.</summary>
    public static string BizStepForExport(string canonical) =>
        EcoValueBizSteps.Contains(canonical) ? EcoValueBizStepBase + canonical : canonical;

    private static string? Normalize(string value, string urnPrefix, string webTermPrefix, Func<string, bool> known, bool allowEcoValue)
    {
        if (known(value))
        {
            return value;
        }

        string? name = null;
        if (value.StartsWith(urnPrefix, StringComparison.Ordinal))
        {
            name = value[urnPrefix.Length..];
        }
        else if (StripCbvWeb(value) is { } term && term.StartsWith(webTermPrefix, StringComparison.Ordinal))
        {
            name = term[webTermPrefix.Length..];
        }
        else if (allowEcoValue && value.StartsWith(EcoValueBizStepBase, StringComparison.Ordinal))
        {
            name = value[EcoValueBizStepBase.Length..];
            return EcoValueBizSteps.Contains(name) ? name : null;
        }

        if (name is not null)
        {
            return known(name) ? name : null;
        }

        // The schema's vocab-other-uri: any URI, but not one in a CBV namespace (those must be CBV terms).
        if (value.StartsWith("urn:epcglobal:cbv", StringComparison.Ordinal) || StripCbvWeb(value) is not null || IsLegacyCbvWeb(value) || !EpcisUri.IsValid(value))
        {
            return null;
        }

        return value;
    }

    private static string? StripCbvWeb(string value)
    {
        const string https = "https://ref.gs1.org/cbv/", http = "http://ref.gs1.org/cbv/";
        return value.StartsWith(https, StringComparison.Ordinal) ? value[https.Length..]
            : value.StartsWith(http, StringComparison.Ordinal) ? value[http.Length..]
            : null;
    }

    private static bool IsLegacyCbvWeb(string value) =>
        value.StartsWith("https://ns.gs1.org/cbv/", StringComparison.Ordinal) || value.StartsWith("http://ns.gs1.org/cbv/", StringComparison.Ordinal);
}
