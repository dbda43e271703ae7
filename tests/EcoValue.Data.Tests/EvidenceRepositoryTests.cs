using System.Text.Json.Nodes;
using EcoValue.Data.Certification;
using EcoValue.Data.Registry;
using EcoValue.Data.Tests.Accounts;
using EcoValue.Domain.Records;
using EcoValue.Domain.Registry;
using EcoValue.Domain.Validation;

namespace EcoValue.Data.Tests;

/// <summary>Evidence documents (migration 6) and the producer-wide read an evaluation makes; the outbox's latest-per-subject read.</summary>
public sealed class EvidenceRepositoryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 12, 3);
    private readonly AccountsDatabase _db = new();
    private RegistryRepository _registry = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _db.InitializeAsync();
        _registry = new RegistryRepository(_db.Database);
        foreach (var id in new[] { "p1", "p2" })
        {
            await _registry.CreateProducerAsync(id, new ProducerFacts("Producer " + id, "credit-" + id, "469025", null), "approved", s => Record("producer", "producer:" + id, s), ct: Ct);
            await _registry.CreatePlotAsync("plot-" + id, id, Scope.All, new PlotFacts("Plot", "469025", 10, null, null, null), s => Record("plot", "plot:" + id, s), Ct);
            await _registry.CreateBatchAsync("batch-" + id, id, BatchFacts.Validate(new BatchInput("茶", "tea", "6901234567892", "L-" + id, "plot-" + id, "2026-11-01", 100, "kg"), Today), s => Record("batch", "batch:" + id, s), Ct);
        }
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private static RecordEnvelope Record(string kind, string subject, string? supersedes = null) =>
        RecordEnvelope.Create(kind, subject, "user:test", At, new JsonObject { ["supersedes"] = supersedes });

    private Task<EvidenceRow?> FileAsync(string id, string producer, Scope scope, EvidenceInput input) =>
        _registry.CreateEvidenceAsync(id, producer, scope, EvidenceFacts.Validate(input, Today), s => Record("evidence", "evidence:" + id, s), Ct);

    [Fact]
    public async Task Evidence_isFiledForAProducerInScope_withItsCarbonDeclaration_andReadBackWhole()
    {
        var row = await FileAsync("e1", "p1", Scope.Producer("p1"), new EvidenceInput("carbon-footprint-report", "碳足迹报告 2026", null, "2026-06-01", "2027-06-01",
            "SHA256:" + new string('A', 64), new CarbonInput("tea", 3.2, "ISO 14067:2018")));
        Assert.NotNull(row);
        Assert.Equal(("tea", 3.2, "ISO 14067:2018"), (row.CarbonCategory, row.CarbonKgCo2ePerKg!.Value, row.CarbonBasis));
        Assert.Equal("sha256:" + new string('a', 64), row.FileHash);
        Assert.Equal("pending", row.AnchoringStatus);

        // Another producer's scope sees nothing and files nothing.
        Assert.Null(await FileAsync("e2", "p1", Scope.Producer("p2"), new EvidenceInput("input-log", "投入品记录", null, null, null, null, null)));
        Assert.Null(await _registry.GetEvidenceAsync("e1", "p1", Scope.Producer("p2"), Ct));
        Assert.NotNull(await _registry.GetEvidenceAsync("e1", "p1", Scope.Producer("p1"), Ct));
    }

    [Fact]
    public async Task Evidence_forABatchOfAnotherProducer_isAFieldError_andWritesNothing()
    {
        var error = await Assert.ThrowsAsync<DomainValidationException>(() => FileAsync("e1", "p1", Scope.All, new EvidenceInput("compliance-certificate", "合格证", "batch-p2", "2026-11-02", null, null, null)));
        Assert.Equal("batchId", Assert.Single(error.Errors).Field);
        Assert.Empty((await _registry.ListEvidenceAsync("p1", null, null, null, 50, Ct)).Items);

        Assert.NotNull(await FileAsync("e2", "p1", Scope.All, new EvidenceInput("compliance-certificate", "合格证", "batch-p1", "2026-11-02", null, null, null)));
        Assert.Equal(["e2"], (await _registry.ListEvidenceAsync("p1", null, "batch-p1", null, 50, Ct)).Items.Select(e => e.Id));
        Assert.Empty((await _registry.ListEvidenceAsync("p1", "input-log", null, null, 50, Ct)).Items);
    }

    [Fact]
    public async Task ReadEvidence_returnsTheProducersPlotsBatchesInputsLabResultsAndDocuments_only()
    {
        await _registry.CreateEventAsync("ev1", "batch-p1", Scope.All, FieldEventFacts.Validate(new FieldEventInput("input-applied", "2026-10-01T08:00:00+08:00", null, null, null,
            new InputAppliedInput("苦参碱", "matrine", 100, "mL/mu", null), null, null, null), At), owner => Record("field-event", "event:ev1"), Ct);
        await _registry.CreateEventAsync("ev2", "batch-p1", Scope.All, FieldEventFacts.Validate(new FieldEventInput("harvest", "2026-11-01T08:00:00+08:00", null, null, null,
            null, 100, "kg", null), At), owner => Record("field-event", "event:ev2"), Ct);
        await _registry.CreateLabResultAsync("lab1", "batch-p1", Scope.All, LabResultFacts.Validate(new LabResultInput("Lab", "R-1", "2026-11-02",
            [new AnalyteInput("lead", 0.3, "mg/kg", null, null)], null), Today), owner => Record("lab-result", "lab-result:lab1"), Ct);
        await FileAsync("e1", "p1", Scope.All, new EvidenceInput("input-log", "投入品记录", null, null, null, null, null));
        await FileAsync("e2", "p2", Scope.All, new EvidenceInput("input-log", "投入品记录", null, null, null, null, null));

        var rows = (await _registry.ReadEvidenceAsync("p1", Ct))!;
        Assert.Equal("p1", rows.Producer.Id);
        Assert.Equal(["plot-p1"], rows.Plots.Select(p => p.Id));
        Assert.Equal(["batch-p1"], rows.Batches.Select(b => b.Id));
        Assert.Equal(["ev1"], rows.InputEvents.Select(e => e.Id));
        Assert.Equal(["lab1"], rows.LabResults.Select(l => l.Id));
        Assert.Equal(["e1"], rows.Documents.Select(d => d.Id));
        Assert.Null(await _registry.ReadEvidenceAsync("nobody", Ct));
    }

    [Fact]
    public async Task LatestOperations_givesTheNewestOperationOfEachSubject()
    {
        var repo = new CertificationRepository(_db.Database);
        foreach (var (id, hash) in new[] { ("b1", '1'), ("b2", '2') })
        {
            await repo.RegisterBrandAsync(new BrandRow(id, string.Empty, 0, "品牌", "Brand", "std", "1.0.0", "0x" + new string(hash, 64), "0x" + new string(hash, 63) + "f", "urn:brand", string.Empty, string.Empty),
                s => Record("brand", "brand:" + id, s), created => new NewChainOperation(created ? "register-brand" : "update-standard", "brand:" + id, "{}"), Ct);
        }

        await repo.RegisterBrandAsync((await repo.GetBrandAsync("b1", Ct))! with { StandardHash = "0x" + new string('9', 64) },
            s => Record("brand", "brand:b1", s), created => new NewChainOperation(created ? "register-brand" : "update-standard", "brand:b1", "{}"), Ct);

        var latest = await repo.LatestOperationsAsync(["brand:b1", "brand:b2", "brand:none"], Ct);
        Assert.Equal(2, latest.Count);
        Assert.Equal("update-standard", latest["brand:b1"].Kind);
        Assert.Equal("register-brand", latest["brand:b2"].Kind);
        Assert.Empty(await repo.LatestOperationsAsync([], Ct));
    }
}
