namespace EcoValue.Data.Items;

// Rows of the item tables (migration 7, ItemsSchema) and what the item repository answers.

/// <summary>One issuance chunk: the record that issued it, its size, the quantity per item and its serial tree's root (0x-hex).</summary>
public sealed record IssuanceRow(string RecordId, string BatchId, long Count, double ItemQuantity, long FirstPosition, string SerialsRoot, string CreatedAt);

/// <summary>
/// One issued item; withdrawn when <see cref="WithdrawnRecordId"/> is set. <see cref="ScanCount"/> and
/// <see cref="FirstScanAt"/> are its logged scans (table scan_totals; scans still in the service's write buffer are not in them).
/// </summary>
public sealed record ItemRow(
    string Serial, string BatchId, string IssuanceRecordId, long LeafIndex, long Position, string CreatedAt, string? WithdrawnRecordId, string? WithdrawnReason,
    long ScanCount = 0, DateTimeOffset? FirstScanAt = null)
{
    public bool Withdrawn => WithdrawnRecordId is not null;
}

/// <summary>An item with the newest scans of its log, newest first (its totals are in <see cref="ItemRow.ScanCount"/>, <see cref="ItemRow.FirstScanAt"/>).</summary>
public sealed record ItemScans(ItemRow Item, IReadOnlyList<EcoValue.Domain.Verification.ScanEntry> Recent);

/// <summary>A batch recall; active while <see cref="LiftedRecordId"/> is null.</summary>
public sealed record RecallRow(long Id, string BatchId, string Reason, string RecordId, string CreatedAt, string? LiftedRecordId, string? LiftedReason, string? LiftedAt)
{
    public bool Active => LiftedRecordId is null;
}

/// <summary>
/// What bounds an issuance, read in the issuing transaction: the batch's quantity and unit, the brand claim's quantity
/// in kg (null when the batch carries no brand), what earlier issuances took, and whether the batch is recalled.
/// </summary>
public sealed record IssuanceState(
    string BatchId, string ProducerId, string Gtin, string Lot, double Quantity, string Unit, double? ClaimKg, string? ClaimLicenceId,
    long IssuedCount, double IssuedQuantity, bool Recalled);

/// <summary>What one issuance chunk wrote: its record and where its items sit in the batch's issue order.</summary>
public sealed record IssuedChunk(string RecordId, long FirstPosition, int Count);

/// <summary>What a withdrawal did: the record (null when every serial was withdrawn already) and the serials it newly withdrew.</summary>
public sealed record WithdrawalResult(string? RecordId, IReadOnlyList<string> Withdrawn, IReadOnlyList<string> AlreadyWithdrawn);

/// <summary>
/// A generated serial is already taken (65 random bits: astronomically unlikely, but a key must never be reused).
/// The chunk's transaction is rolled back; the issuer draws a new serial and writes the chunk again.
/// </summary>
public sealed class SerialCollisionException(string serial) : Exception($"serial {serial} is issued already")
{
    public string Serial { get; } = serial;
}
