namespace EcoValue.Domain.Epcis;

/// <summary>The EPCIS 2.0 event types this service captures (AssociationEvent and TransactionEvent are out of scope).</summary>
public enum EpcisEventType
{
    ObjectEvent,
    AggregationEvent,
    TransformationEvent,
}

/// <summary>EPCIS action (EPCIS 2.0 §7.3.2); TransformationEvents have none.</summary>
public enum EpcisAction
{
    Add,
    Observe,
    Delete,
}

/// <summary>A quantity element (EPCIS 2.0 §7.3.3.3): a class-level identifier, an amount and a UN/CEFACT Rec. 20 unit.</summary>
/// <param name="EpcClass">LGTIN, SGTIN pattern or Digital Link without serial — or any other class URI.</param>
/// <param name="Quantity">Amount; a count of instances when <paramref name="Uom"/> is null.</param>
public sealed record EpcisQuantity(string EpcClass, decimal? Quantity = null, string? Uom = null);

/// <summary>
/// An extension member of an event (EPCIS 2.0 §7.3.3.7), kept as written: <paramref name="Name"/> as in the document
/// (<c>example:myField</c>), <paramref name="Iri"/> its expansion through the JSON-LD prefixes in scope
/// (<c>http://ns.example.com/epcis/myField</c>), <paramref name="Json"/> its value as compact JSON.
/// </summary>
public sealed record EpcisExtension(string Name, string Iri, string Json);

/// <summary>
/// One EPCIS 2.0 event as this service keeps it: the members it understands typed and normalised, the ones it only
/// carries (ILMD, sensor data, business transactions, sources and destinations, extensions) as compact JSON so they
/// are exported exactly as they came. Built by <see cref="EpcisDocumentParser"/> or <see cref="EpcisEventBuilder"/>,
/// which both guarantee it exports as schema-valid EPCIS.
/// </summary>
public sealed record EpcisEvent
{
    public EpcisEventType Type { get; internal init; }

    /// <summary>eventID: a URI (<c>urn:uuid:…</c>, <c>ni:///sha-256;…</c>); optional in EPCIS.</summary>
    public string? EventId { get; internal init; }

    /// <summary>eventTime, with the offset it was written in.</summary>
    public DateTimeOffset EventTime { get; internal init; }

    /// <summary>eventTimeZoneOffset: the local offset where the event happened (required by EPCIS).</summary>
    public TimeSpan EventTimeZoneOffset { get; internal init; }

    /// <summary>recordTime as received; a repository sets its own when it stores the event.</summary>
    public DateTimeOffset? RecordTime { get; internal init; }

    /// <summary>ADD / OBSERVE / DELETE; null exactly for TransformationEvents.</summary>
    public EpcisAction? Action { get; internal init; }

    /// <summary>Canonical business step (<see cref="EpcisVocabulary.NormalizeBizStep"/>): bare CBV/EcoValue name or a foreign URI.</summary>
    public string? BizStep { get; internal init; }

    /// <summary>The field-event kind the business step maps to.</summary>
    public EpcisEventKind Kind => EpcisVocabulary.KindOf(Type, BizStep);

    /// <summary>Canonical disposition: bare CBV name or a foreign URI.</summary>
    public string? Disposition { get; internal init; }

    /// <summary>readPoint.id: an SGLN, a GLN Digital Link, a <c>geo:</c> URI or any other URI.</summary>
    public string? ReadPoint { get; internal init; }

    /// <summary>bizLocation.id, as <see cref="ReadPoint"/>.</summary>
    public string? BizLocation { get; internal init; }

    public IReadOnlyList<string> EpcList { get; internal init; } = [];

    public IReadOnlyList<EpcisQuantity> QuantityList { get; internal init; } = [];

    public string? ParentId { get; internal init; }

    public IReadOnlyList<string> ChildEpcs { get; internal init; } = [];

    public IReadOnlyList<EpcisQuantity> ChildQuantityList { get; internal init; } = [];

    public IReadOnlyList<string> InputEpcList { get; internal init; } = [];

    public IReadOnlyList<EpcisQuantity> InputQuantityList { get; internal init; } = [];

    public IReadOnlyList<string> OutputEpcList { get; internal init; } = [];

    public IReadOnlyList<EpcisQuantity> OutputQuantityList { get; internal init; } = [];

    public string? TransformationId { get; internal init; }

    /// <summary>Instance/lot master data (an object of namespaced members), compact JSON.</summary>
    public string? Ilmd { get; internal init; }

    /// <summary>sensorElementList (an array), compact JSON.</summary>
    public string? SensorElementList { get; internal init; }

    public string? BizTransactionList { get; internal init; }

    public string? SourceList { get; internal init; }

    public string? DestinationList { get; internal init; }

    public string? PersistentDisposition { get; internal init; }

    public string? CertificationInfo { get; internal init; }

    public string? ErrorDeclaration { get; internal init; }

    public IReadOnlyList<EpcisExtension> Extensions { get; internal init; } = [];

    /// <summary>
    /// The JSON-LD prefixes (beyond the standard context's) in scope for this event: its document's and its own
    /// <c>@context</c>. They give names inside <see cref="Ilmd"/>, <see cref="Extensions"/> and the other kept JSON
    /// their meaning, so an export declares them again. Not part of equality (the expanded <see cref="EpcisExtension.Iri"/> is).
    /// </summary>
    public IReadOnlyDictionary<string, string> Namespaces { get; internal init; } = EmptyNamespaces;

    internal static readonly IReadOnlyDictionary<string, string> EmptyNamespaces = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The parsed GS1 identifiers among <see cref="EpcList"/>, <see cref="ChildEpcs"/>, inputs and outputs (other URIs skipped).</summary>
    public IEnumerable<EpcisIdentifier> Identifiers() =>
        EpcList.Concat(ChildEpcs).Concat(InputEpcList).Concat(OutputEpcList)
            .Concat(QuantityList.Concat(ChildQuantityList).Concat(InputQuantityList).Concat(OutputQuantityList).Select(q => q.EpcClass))
            .Select(u => EpcisIdentifier.TryRecognize(u, out var id, out _) ? id : null)
            .OfType<EpcisIdentifier>();

    /// <summary>The extension whose expanded IRI is <paramref name="iri"/>, or null.</summary>
    public EpcisExtension? Extension(string iri) => Extensions.FirstOrDefault(e => e.Iri == iri);

    public bool Equals(EpcisEvent? other) =>
        other is not null
        && Type == other.Type && EventId == other.EventId && EventTime == other.EventTime && EventTimeZoneOffset == other.EventTimeZoneOffset
        && RecordTime == other.RecordTime && Action == other.Action && BizStep == other.BizStep && Disposition == other.Disposition
        && ReadPoint == other.ReadPoint && BizLocation == other.BizLocation && ParentId == other.ParentId && TransformationId == other.TransformationId
        && Ilmd == other.Ilmd && SensorElementList == other.SensorElementList && BizTransactionList == other.BizTransactionList
        && SourceList == other.SourceList && DestinationList == other.DestinationList && PersistentDisposition == other.PersistentDisposition
        && CertificationInfo == other.CertificationInfo && ErrorDeclaration == other.ErrorDeclaration
        && EpcList.SequenceEqual(other.EpcList) && QuantityList.SequenceEqual(other.QuantityList)
        && ChildEpcs.SequenceEqual(other.ChildEpcs) && ChildQuantityList.SequenceEqual(other.ChildQuantityList)
        && InputEpcList.SequenceEqual(other.InputEpcList) && InputQuantityList.SequenceEqual(other.InputQuantityList)
        && OutputEpcList.SequenceEqual(other.OutputEpcList) && OutputQuantityList.SequenceEqual(other.OutputQuantityList)
        && Extensions.SequenceEqual(other.Extensions);

    public override int GetHashCode() => HashCode.Combine(Type, EventId, EventTime, BizStep, EpcList.Count, QuantityList.Count);
}
