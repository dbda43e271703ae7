using System.Data.Common;
using System.Text.Json.Nodes;
using EcoValue.Data.Registry;
using EcoValue.Domain.Records;
using EcoValue.Domain.Registry;

namespace EcoValue.Api.Features.Registry;

/// <summary>
/// Every registry write, with the record that justifies it: the one place that says which record kind and subject
/// each entry gets (docs/registry.md), used alike by the API, the portal, EPCIS capture and the demo seed.
/// <paramref name="repo"/> does the transaction; <c>actor</c> is the record's actor (<c>user:{id}</c>) and
/// <c>scope</c> what the caller may touch (an entry out of scope is "not found": null).
/// </summary>
public sealed class RegistryWriter(RegistryRepository repo)
{
    /// <summary>Record kinds of the registry.</summary>
    public static class Kinds
    {
        public const string Producer = "producer";
        public const string ProducerStatus = "producer-status";
        public const string Plot = "plot";
        public const string Batch = "batch";
        public const string FieldEvent = "field-event";
        public const string LabResult = "lab-result";
        public const string Evidence = "evidence";
    }

    /// <summary>A new producer; <paramref name="id"/> when the caller needs it first (sign-up names it in the account).</summary>
    public Task<ProducerRow> RegisterProducerAsync(ProducerFacts facts, string status, string actor, DateTimeOffset now, string? id = null, Func<DbTransaction, Task>? alsoInTransaction = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        id ??= RecordEnvelope.NewId(now);
        return repo.CreateProducerAsync(id, facts, status, s => Record(Kinds.Producer, "producer:" + id, actor, now, facts.ToRecordData(id, s)), alsoInTransaction, ct);
    }

    public Task<ProducerRow?> CorrectProducerAsync(string id, Scope scope, long? ifVersion, ProducerFacts facts, string actor, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return repo.CorrectProducerAsync(id, scope, ifVersion, facts, s => Record(Kinds.Producer, "producer:" + id, actor, now, facts.ToRecordData(id, s)), ct);
    }

    /// <summary>Approval or rejection (admin), as a record naming the producer record it judged.</summary>
    public Task<ProducerRow?> SetProducerStatusAsync(string id, string status, string? reason, string actor, DateTimeOffset now, CancellationToken ct = default) =>
        repo.SetProducerStatusAsync(id, status, current => Record(Kinds.ProducerStatus, "producer:" + id, actor, now, new JsonObject
        {
            ["producer"] = id, ["status"] = status, ["reason"] = reason, ["producerRecord"] = current,
        }), ct);

    public Task<PlotRow?> AddPlotAsync(string producerId, Scope scope, PlotFacts facts, string actor, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var id = RecordEnvelope.NewId(now);
        return repo.CreatePlotAsync(id, producerId, scope, facts, s => Record(Kinds.Plot, "plot:" + id, actor, now, facts.ToRecordData(id, producerId, s)), ct);
    }

    public async Task<PlotRow?> CorrectPlotAsync(string id, Scope scope, long? ifVersion, PlotFacts facts, string actor, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (await repo.GetPlotAsync(id, scope, ct).ConfigureAwait(false) is not { } current)
        {
            return null;
        }

        return await repo.CorrectPlotAsync(id, scope, ifVersion, facts, s => Record(Kinds.Plot, "plot:" + id, actor, now, facts.ToRecordData(id, current.ProducerId, s)), ct).ConfigureAwait(false);
    }

    public Task<BatchRow> AddBatchAsync(string producerId, BatchFacts facts, string actor, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var id = RecordEnvelope.NewId(now);
        return repo.CreateBatchAsync(id, producerId, facts, s => Record(Kinds.Batch, "batch:" + id, actor, now, facts.ToRecordData(id, producerId, s)), ct);
    }

    public async Task<BatchRow?> CorrectBatchAsync(string id, Scope scope, long? ifVersion, BatchFacts facts, string actor, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (await repo.GetBatchAsync(id, scope, ct).ConfigureAwait(false) is not { } current)
        {
            return null;
        }

        return await repo.CorrectBatchAsync(id, scope, ifVersion, facts, s => Record(Kinds.Batch, "batch:" + id, actor, now, facts.ToRecordData(id, current.ProducerId, s)), ct).ConfigureAwait(false);
    }

    public Task<FieldEventRow?> AddEventAsync(string batchId, Scope scope, FieldEventFacts facts, string actor, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var id = RecordEnvelope.NewId(now);
        return repo.CreateEventAsync(id, batchId, scope, facts, owner => Record(Kinds.FieldEvent, "event:" + id, actor, now, facts.ToRecordData(id, batchId, owner, null)), ct);
    }

    public Task<FieldEventRow?> CorrectEventAsync(string id, string batchId, Scope scope, long? ifVersion, FieldEventFacts facts, string actor, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return repo.CorrectEventAsync(id, batchId, scope, ifVersion, facts, (owner, s) => Record(Kinds.FieldEvent, "event:" + id, actor, now, facts.ToRecordData(id, batchId, owner, s)), ct);
    }

    public Task<LabResultRow?> AddLabResultAsync(string batchId, Scope scope, LabResultFacts facts, string actor, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var id = RecordEnvelope.NewId(now);
        return repo.CreateLabResultAsync(id, batchId, scope, facts, owner => Record(Kinds.LabResult, "lab-result:" + id, actor, now, facts.ToRecordData(id, batchId, owner, null)), ct);
    }

    public Task<LabResultRow?> CorrectLabResultAsync(string id, string batchId, Scope scope, long? ifVersion, LabResultFacts facts, string actor, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return repo.CorrectLabResultAsync(id, batchId, scope, ifVersion, facts, (owner, s) => Record(Kinds.LabResult, "lab-result:" + id, actor, now, facts.ToRecordData(id, batchId, owner, s)), ct);
    }

    /// <summary>Files an evidence document for a producer in scope (null when it is not).</summary>
    public Task<EvidenceRow?> AddEvidenceAsync(string producerId, Scope scope, EvidenceFacts facts, string actor, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var id = RecordEnvelope.NewId(now);
        return repo.CreateEvidenceAsync(id, producerId, scope, facts, s => Record(Kinds.Evidence, "evidence:" + id, actor, now, facts.ToRecordData(id, producerId, s)), ct);
    }

    /// <summary>Files captured EPCIS events: one field event and one record per (event, batch).</summary>
    public Task<IReadOnlyList<CapturedFieldEvent>> CaptureAsync(IReadOnlyList<CapturedEvent> events, Scope scope, string actor, DateTimeOffset now, CancellationToken ct = default) =>
        repo.CaptureAsync(events, scope, now, (e, id, batchId, owner, details) =>
            RecordEnvelope.Create(Kinds.FieldEvent, "event:" + id, actor, now, e.Facts.ToRecordData(id, batchId, owner, null, details)), ct: ct);

    private static RecordEnvelope Record(string kind, string subject, string actor, DateTimeOffset now, JsonObject data) =>
        RecordEnvelope.Create(kind, subject, actor, now, data);
}
