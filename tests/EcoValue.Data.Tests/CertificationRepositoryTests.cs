using System.Text.Json.Nodes;
using Dapper;
using EcoValue.Data.Accounts;
using EcoValue.Data.Certification;
using EcoValue.Data.Registry;
using EcoValue.Data.Tests.Accounts;
using EcoValue.Domain.Records;
using EcoValue.Domain.Registry;

namespace EcoValue.Data.Tests;

/// <summary>The certification tables through their repository: scope, state rules, quota, outbox, all-or-nothing.</summary>
public sealed class CertificationRepositoryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);
    private readonly AccountsDatabase _db = new();
    private CertificationRepository _repo = null!;
    private RegistryRepository _registry = null!;
    private string _certifier = null!;
    private string _otherCertifier = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _db.InitializeAsync();
        _repo = new CertificationRepository(_db.Database);
        _registry = new RegistryRepository(_db.Database);
        _certifier = (await _db.Accounts.CreateAsync(new NewUser("certifier.one", "long enough password", Roles.Certifier), Ct)).Id;
        _otherCertifier = (await _db.Accounts.CreateAsync(new NewUser("certifier.two", "long enough password", Roles.Certifier), Ct)).Id;
        await ProducerAsync("p1");
        await ProducerAsync("p2");
        await BrandAsync("rainforest", "0x" + new string('1', 64));
        await BrandAsync("baisha", "0x" + new string('2', 64));
        await _repo.AccreditAsync("rainforest", _certifier, "0x00000000000000000000000000000000000000c1", s => Record("accreditation", "accreditation:rainforest", s), new NewChainOperation("accredit", "accreditation:rainforest", "{}"), Ct);
        await _repo.AccreditAsync("baisha", _otherCertifier, "0x00000000000000000000000000000000000000c2", s => Record("accreditation", "accreditation:baisha", s), new NewChainOperation("accredit", "accreditation:baisha", "{}"), Ct);
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private static RecordEnvelope Record(string kind, string subject, string? supersedes = null) =>
        RecordEnvelope.Create(kind, subject, "user:test", At, new JsonObject { ["supersedes"] = supersedes });

    private async Task ProducerAsync(string id)
    {
        await _registry.CreateProducerAsync(id, new ProducerFacts("Producer " + id, "credit-" + id, "469025", null), "approved", s => Record("producer", "producer:" + id, s), ct: Ct);
        await _registry.CreatePlotAsync("plot-" + id, id, Scope.Producer(id), new PlotFacts("Plot", "469025", 10, null, null, null), s => Record("plot", "plot:" + id, s), Ct);
    }

    private Task BrandAsync(string id, string standardHash) =>
        _repo.RegisterBrandAsync(new BrandRow(id, string.Empty, 0, "品牌", "Brand", id + "-standard", "1.0.0", standardHash, "0x" + Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(id).Concat(new byte[32]).Take(32).ToArray()), "urn:brand:" + id, string.Empty, string.Empty),
            s => Record("brand", "brand:" + id, s), created => new NewChainOperation(created ? "register-brand" : "update-standard", "brand:" + id, "{}"), Ct);

    private Task<ApplicationRow> ApplyAsync(string id, string producer, string brand) =>
        _repo.CreateApplicationAsync(id, producer, brand, $"[\"plot-{producer}\"]", "[\"tea\"]", "please", Record("application", "application:" + id), Ct);

    private static NewLicence Licence(string id, string certifier, double quotaKg) =>
        new(id, "0x" + id.PadLeft(64, '0'), certifier, "0x00000000000000000000000000000000000000c1", "0x" + new string('1', 64),
            "2026-12-01T00:00:00.000Z", "2027-12-01T00:00:00.000Z", "{\"credential\":true}", "0x" + new string('d', 64), [("tea", "2026", quotaKg)]);

    private Task<(ApplicationRow Application, LicenceRow Licence)?> ApproveAsync(string application, string licence, double quotaKg = 3_000) =>
        _repo.ApproveAsync(application, CertificationScope.Certifier(_certifier), "{\"outcome\":\"pass\"}", "fine", _certifier, Licence(licence, _certifier, quotaKg),
            s => Record("application-decision", "application:" + application, s), s => Record("licence", "licence:" + licence, s),
            new NewChainOperation("issue-licence", "licence:" + licence, "{\"certifier\":\"0x00000000000000000000000000000000000000C1\",\"nonce\":4}"), Ct);

    [Fact]
    public async Task RegisterBrand_again_withTheSameStandard_writesNothing_andANewStandardQueuesAnUpdate()
    {
        var before = (await _repo.ListOperationsAsync("brand:rainforest", Ct)).Count;
        var same = await _repo.RegisterBrandAsync((await _repo.GetBrandAsync("rainforest", Ct))!, s => Record("brand", "brand:rainforest", s), _ => new NewChainOperation("update-standard", "brand:rainforest", "{}"), Ct);
        Assert.False(same.Changed);
        Assert.Equal(before, (await _repo.ListOperationsAsync("brand:rainforest", Ct)).Count);

        var moved = await _repo.RegisterBrandAsync((await _repo.GetBrandAsync("rainforest", Ct))! with { StandardHash = "0x" + new string('9', 64), StandardVersion = "2.0.0" },
            s => Record("brand", "brand:rainforest", s), created => new NewChainOperation(created ? "register-brand" : "update-standard", "brand:rainforest", "{}"), Ct);
        Assert.True(moved.Changed);
        Assert.Equal(2, moved.Brand.Version);
        Assert.Equal(["register-brand", "update-standard"], (await _repo.ListOperationsAsync("brand:rainforest", Ct)).Select(o => o.Kind));
    }

    [Fact]
    public async Task Applications_areVisible_toTheirProducer_andToCertifiersOfTheirBrand_only()
    {
        await ApplyAsync("a1", "p1", "rainforest");
        await ApplyAsync("a2", "p2", "baisha");

        Assert.NotNull(await _repo.GetApplicationAsync("a1", CertificationScope.Producer("p1"), Ct));
        Assert.Null(await _repo.GetApplicationAsync("a1", CertificationScope.Producer("p2"), Ct));
        Assert.NotNull(await _repo.GetApplicationAsync("a1", CertificationScope.Certifier(_certifier), Ct));
        Assert.Null(await _repo.GetApplicationAsync("a2", CertificationScope.Certifier(_certifier), Ct));
        Assert.Equal(["a1"], (await _repo.ListApplicationsAsync(CertificationScope.Certifier(_certifier), null, null, null, 50, Ct)).Items.Select(a => a.Id));
        Assert.Equal(["a1", "a2"], (await _repo.ListApplicationsAsync(CertificationScope.All, "submitted", null, null, 50, Ct)).Items.Select(a => a.Id));

        // A certifier out of scope cannot decide either: nothing happens, nothing is written.
        var records = await CountAsync("records");
        Assert.Null(await _repo.RejectAsync("a2", CertificationScope.Certifier(_certifier), "{}", "no", _certifier, s => Record("application-decision", "application:a2", s), Ct));
        Assert.Equal(records, await CountAsync("records"));
    }

    [Fact]
    public async Task Approve_writesDecisionLicenceQuotaHistoryRecordsAndOperation_together_andOnlyOnce()
    {
        await ApplyAsync("a1", "p1", "rainforest");
        var (application, licence) = (await ApproveAsync("a1", "L1"))!.Value;
        Assert.Equal("approved", application.Status);
        Assert.Equal("L1", application.LicenceId);
        Assert.Equal("active", licence.Status);
        Assert.Equal("p1", licence.ProducerId);
        Assert.Equal(3_000, Assert.Single(await _repo.ListQuotaAsync("L1", Ct)).QuantityKg);
        Assert.Equal("issue", Assert.Single(await _repo.ListLicenceEventsAsync("L1", Ct)).Action);
        Assert.Equal("issue-licence", Assert.Single(await _repo.ListOperationsAsync("licence:L1", Ct)).Kind);
        Assert.Equal(4, await _repo.HighestQueuedNonceAsync("0x00000000000000000000000000000000000000c1", Ct));

        var error = await Assert.ThrowsAsync<CertificationStateException>(() => ApproveAsync("a1", "L2"));
        Assert.Equal("application.decided", error.Code);
        Assert.Null(await _repo.GetLicenceAsync("L2", CertificationScope.All, Ct));
    }

    [Fact]
    public async Task Approve_thatFailsHalfway_leavesTheApplicationSubmitted_andNoLicence()
    {
        await ApplyAsync("a1", "p1", "rainforest");
        await ApplyAsync("a2", "p1", "rainforest");
        await ApproveAsync("a1", "L1");
        var records = await CountAsync("records");
        var operations = await CountAsync("chain_operations");

        // Same licence id again: the licence insert fails after the application row was updated.
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => ApproveAsync("a2", "L1"));
        Assert.Equal("submitted", (await _repo.GetApplicationAsync("a2", CertificationScope.All, Ct))!.Status);
        Assert.Equal(records, await CountAsync("records"));
        Assert.Equal(operations, await CountAsync("chain_operations"));
    }

    [Theory]
    [InlineData("suspend", "active", "suspended")]
    [InlineData("revoke", "active", "revoked")]
    [InlineData("reinstate", "suspended", "active")]
    [InlineData("revoke", "suspended", "revoked")]
    public async Task StatusChanges_followTheContractsRules(string action, string from, string to)
    {
        await ApplyAsync("a1", "p1", "rainforest");
        await ApproveAsync("a1", "L1");
        if (from == "suspended")
        {
            await ChangeAsync("L1", "suspend");
        }

        var changed = await ChangeAsync("L1", action);
        Assert.Equal(to, changed!.Status);
        Assert.Equal(to, (await _repo.ListLicenceEventsAsync("L1", Ct))[^1].Status);
    }

    [Theory]
    [InlineData("reinstate")]
    [InlineData("suspend")]
    [InlineData("revoke")]
    public async Task ARevokedLicence_acceptsNoFurtherChange(string action)
    {
        await ApplyAsync("a1", "p1", "rainforest");
        await ApproveAsync("a1", "L1");
        await ChangeAsync("L1", "revoke");
        var error = await Assert.ThrowsAsync<CertificationStateException>(() => ChangeAsync("L1", action));
        Assert.Equal("licence.transition", error.Code);
        Assert.Equal(2, (await _repo.ListLicenceEventsAsync("L1", Ct)).Count);
    }

    [Fact]
    public async Task ACertifierOfAnotherBrand_cannotChangeTheLicence()
    {
        await ApplyAsync("a1", "p1", "rainforest");
        await ApproveAsync("a1", "L1");
        Assert.Null(await _repo.ChangeLicenceStatusAsync("L1", CertificationScope.Certifier(_otherCertifier), "revoke", "no", _otherCertifier,
            s => Record("licence-status", "licence:L1", s), l => new NewChainOperation("change-status", "licence:" + l.Id, "{}"), Ct));
        Assert.Equal("active", (await _repo.GetLicenceAsync("L1", CertificationScope.All, Ct))!.Status);
    }

    [Fact]
    public async Task BrandClaims_stayWithinTheQuota_perCategoryAndSeason()
    {
        await ApplyAsync("a1", "p1", "rainforest");
        await ApproveAsync("a1", "L1", quotaKg: 1_000);
        await BatchAsync("b1");
        await BatchAsync("b2");
        await BatchAsync("b3");

        await _repo.ClaimBrandAsync("b1", "L1", "rainforest", "tea", "2026", 600, Record("brand-claim", "batch:b1"), Ct);
        var over = await Assert.ThrowsAsync<QuotaExceededException>(() => _repo.ClaimBrandAsync("b2", "L1", "rainforest", "tea", "2026", 401, Record("brand-claim", "batch:b2"), Ct));
        Assert.Equal((1_000.0, 600.0, 401.0), (over.QuotaKg, over.ClaimedKg, over.RequestedKg));
        Assert.Null(await _repo.GetClaimAsync("b2", Ct));

        await _repo.ClaimBrandAsync("b2", "L1", "rainforest", "tea", "2026", 400, Record("brand-claim", "batch:b2"), Ct);
        Assert.Equal(0, Assert.Single(await _repo.ListQuotaAsync("L1", Ct)).RemainingKg);

        // Another season or category has no quota on this licence at all.
        await Assert.ThrowsAsync<QuotaExceededException>(() => _repo.ClaimBrandAsync("b3", "L1", "rainforest", "tea", "2027", 1, Record("brand-claim", "batch:b3"), Ct));
        var twice = await Assert.ThrowsAsync<CertificationStateException>(() => _repo.ClaimBrandAsync("b1", "L1", "rainforest", "tea", "2026", 0.1, Record("brand-claim", "batch:b1"), Ct));
        Assert.Equal("batch.claimed", twice.Code);
    }

    [Fact]
    public async Task Operations_areHandedOut_oldestFirst_untilConfirmedOrFailed()
    {
        var first = (await _repo.NextOpenOperationAsync(Ct))!;
        Assert.Equal("register-brand", first.Kind);
        await _repo.MarkOperationAsync(first.Id, "sent", "0x" + new string('a', 64), null, null, Ct);
        Assert.Equal(first.Id, (await _repo.NextOpenOperationAsync(Ct))!.Id);
        await _repo.MarkOperationAsync(first.Id, "confirmed", null, 12, null, Ct);
        var confirmed = Assert.Single(await _repo.ListOperationsAsync("brand:rainforest", Ct));
        Assert.Equal(("confirmed", "0x" + new string('a', 64), 12L, 2L), (confirmed.Status, confirmed.TxHash, confirmed.BlockNumber!.Value, confirmed.Attempts));
        Assert.NotEqual(first.Id, (await _repo.NextOpenOperationAsync(Ct))!.Id);
    }

    [Fact]
    public async Task CertifierKeys_keepTheFirstKeyStored()
    {
        var first = await _repo.SaveCertifierKeyAsync(_certifier, "0x00000000000000000000000000000000000000c1", "sealed-1", Ct);
        var second = await _repo.SaveCertifierKeyAsync(_certifier, "0x00000000000000000000000000000000000000c9", "sealed-2", Ct);
        Assert.Equal("sealed-1", first.SealedKey);
        Assert.Equal(first, second);
    }

    private Task<LicenceRow?> ChangeAsync(string licence, string action) =>
        _repo.ChangeLicenceStatusAsync(licence, CertificationScope.Certifier(_certifier), action, "reason " + action, _certifier,
            s => Record("licence-status", "licence:" + licence, s), l => new NewChainOperation("change-status", "licence:" + l.Id, "{}"), Ct);

    private Task BatchAsync(string id) =>
        _registry.CreateBatchAsync(id, "p1", new BatchFacts("Tea", "tea", "06901234567892", "LOT-" + id, "plot-p1", "2026-11-01", 500, "kg"), s => Record("batch", "batch:" + id, s), Ct);

    private async Task<long> CountAsync(string table)
    {
        await using var c = await _db.Database.OpenAsync(Ct);
        return await c.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
    }
}
