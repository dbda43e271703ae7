namespace EcoValue.Data.Registry;

// Rows as the registry tables hold them, plus the anchoring status of the newest record behind each
// ('pending' until its Merkle root is confirmed on chain, then 'anchored').

public sealed record ProducerRow(
    string Id, string RecordId, long Version, string Name, string CreditCode, string RegionCode,
    string? ContactName, string? ContactPhone, string? ContactEmail, string Status, string CreatedAt, string UpdatedAt, string? Anchoring)
{
    /// <summary>pending until the record's Merkle root is confirmed on chain, then anchored.</summary>
    public string AnchoringStatus => Anchoring == "anchored" ? "anchored" : "pending";
}

public sealed record PlotRow(
    string Id, string ProducerId, string RecordId, long Version, string Name, string RegionCode, double AreaMu,
    double? Latitude, double? Longitude, string? Polygon, string CreatedAt, string UpdatedAt, string? Anchoring)
{
    /// <summary>pending until the record's Merkle root is confirmed on chain, then anchored.</summary>
    public string AnchoringStatus => Anchoring == "anchored" ? "anchored" : "pending";
}

public sealed record BatchRow(
    string Id, string ProducerId, string PlotId, string RecordId, long Version, string Product, string Category, string Gtin,
    string Lot, string HarvestDate, double Quantity, string Unit, string CreatedAt, string UpdatedAt, string? Anchoring)
{
    /// <summary>pending until the record's Merkle root is confirmed on chain, then anchored.</summary>
    public string AnchoringStatus => Anchoring == "anchored" ? "anchored" : "pending";
}

public sealed record FieldEventRow(
    string Id, string BatchId, string ProducerId, string RecordId, long Version, string Kind, string OccurredAt, string TimeZone,
    string? Place, string? RegionCode, string? ActorName, string Details, string Source, string? EpcisEventId,
    string CreatedAt, string UpdatedAt, string? Anchoring)
{
    /// <summary>pending until the record's Merkle root is confirmed on chain, then anchored.</summary>
    public string AnchoringStatus => Anchoring == "anchored" ? "anchored" : "pending";
}

public sealed record LabResultRow(
    string Id, string BatchId, string ProducerId, string RecordId, long Version, string Lab, string ReportNumber, string SampleDate,
    string Analytes, string? ReportFileHash, string CreatedAt, string UpdatedAt, string? Anchoring)
{
    /// <summary>pending until the record's Merkle root is confirmed on chain, then anchored.</summary>
    public string AnchoringStatus => Anchoring == "anchored" ? "anchored" : "pending";
}

/// <summary>A page of a keyset-paginated list: items in id order (ids are UUIDv7, so creation order) and the cursor for the next page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>Which rows a caller may see: everything (admin) or one producer's (a farmer).</summary>
public readonly record struct Scope(string? ProducerId)
{
    public static Scope All => new(null);

    public static Scope Producer(string producerId) => new(producerId);
}

/// <summary>Thrown when a write would break a uniqueness rule (a credit code registered twice, a GTIN + lot reused).</summary>
public sealed class RegistryConflictException(string what, string message) : Exception(message)
{
    /// <summary>Which rule: credit_code, gtin_lot, epcis_event_id.</summary>
    public string What { get; } = what;
}

/// <summary>Thrown when a correction names a version that is no longer current (If-Match).</summary>
public sealed class RegistryVersionException(long expected, long actual) : Exception($"version {expected} is not current; the entry is at version {actual}")
{
    public long Expected { get; } = expected;

    public long Actual { get; } = actual;
}
