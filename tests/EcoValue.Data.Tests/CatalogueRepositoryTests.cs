using System.Text.Json.Nodes;
using EcoValue.Data.Accounts;
using EcoValue.Data.Catalogue;
using EcoValue.Data.Certification;
using EcoValue.Data.Migrations;
using EcoValue.Data.Registry;
using EcoValue.Data.Tests.Accounts;
using EcoValue.Domain.Records;
using EcoValue.Domain.Registry;

namespace EcoValue.Data.Tests;

/// <summary>
/// The catalogue's index and query: p1 is licensed before migration 8 runs (so only the migration can index it), the
/// rest afterwards (so only the triggers can); search, filters, keyset pages and hostile queries.
/// </summary>
public sealed class CatalogueRepositoryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);
    private readonly AccountsDatabase _db = new();
    private CertificationRepository _cert = null!;
    private RegistryRepository _registry = null!;
    private CatalogueRepository _catalogue = null!;
    private string _certifier = null!;
    private int _lots;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await Migrator.MigrateAsync(_db.Database, [.. _db.Database.Schema.Take(7)], Ct);
        _cert = new CertificationRepository(_db.Database);
        _registry = new RegistryRepository(_db.Database);
        _catalogue = new CatalogueRepository(_db.Database);
        _certifier = (await _db.Accounts.CreateAsync(new NewUser("certifier.one", "long enough password", Roles.Certifier), Ct)).Id;
        await BrandAsync("baisha", "白沙良食", "Baisha Liangshi", '2');
        await BrandAsync("rainforest", "热带雨林国家公园", "Rainforest National Park", '1');

        // Before the catalogue exists: a licensed producer with a claimed tea batch.
        await CertifiedAsync("p1", "白沙绿野茶叶专业合作社", "469025", "baisha", product: "白沙绿茶");
        await Migrator.MigrateAsync(_db.Database, _db.Database.Schema, Ct);

        await CertifiedAsync("p2", "Wuzhishan Green Leaf Tea Co.", "469001", "rainforest", product: "Oolong");
        await ProducerAsync("p3", "海口咖啡农场", "460100");
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Search_findsByATwoCharacterChineseQuery_andAnEnglishWordInAnyCase_andNeverAnUnlicensedProducer()
    {
        Assert.Equal(["p1"], await IdsAsync(new CatalogueFilter("白沙")));
        Assert.Equal(["p1"], await IdsAsync(new CatalogueFilter("绿茶")));
        Assert.Equal(["p1"], await IdsAsync(new CatalogueFilter("绿野茶叶")));
        Assert.Equal(["p2"], await IdsAsync(new CatalogueFilter("GREEN")));
        Assert.Equal(["p2"], await IdsAsync(new CatalogueFilter("leaf")));
        Assert.Equal(["p2"], await IdsAsync(new CatalogueFilter("oolong")));
        Assert.Equal(["p1"], await IdsAsync(new CatalogueFilter("茶")));
        Assert.Equal(["p1", "p2"], await IdsAsync(new CatalogueFilter("Tea")));
        Assert.Equal(["p2"], await IdsAsync(new CatalogueFilter("rainforest national")));
        Assert.Empty(await IdsAsync(new CatalogueFilter("咖啡")));
        Assert.Empty(await IdsAsync(new CatalogueFilter("coffee")));
    }

    [Fact]
    public async Task TheIndex_followsCorrections_andNewClaims_inTheSameTransaction()
    {
        await _registry.CorrectProducerAsync("p2", Scope.All, null, new ProducerFacts("五指山红茶合作社", "credit-p2", "469001", null), s => Record("producer", "producer:p2", s), Ct);
        Assert.Empty(await IdsAsync(new CatalogueFilter("Wuzhishan")));
        Assert.Equal(["p2"], await IdsAsync(new CatalogueFilter("红茶")));

        var plot = "plot-p1";
        var batch = await BatchAsync("p1", plot, "山兰稻");
        await _cert.ClaimBrandAsync(batch, "L-p1", "baisha", "tea", "2026", 10, Record("brand-claim", "batch:" + batch), Ct);
        Assert.Equal(["p1"], await IdsAsync(new CatalogueFilter("山兰")));
    }

    [Fact]
    public async Task Filters_combine_onOneLicence_andARevokedLicenceShowsAndFilters()
    {
        await _cert.ChangeLicenceStatusAsync("L-p1", CertificationScope.Certifier(_certifier), "revoke", "检测不合格", _certifier,
            s => Record("licence-status", "licence:L-p1", s), l => new NewChainOperation("change-status", "licence:" + l.Id, "{}"), Ct);

        Assert.Equal(["p1"], await IdsAsync(new CatalogueFilter(Status: "revoked")));
        Assert.Equal(["p2"], await IdsAsync(new CatalogueFilter(Status: "active")));
        Assert.Equal(["p1"], await IdsAsync(new CatalogueFilter(Brand: "baisha", Status: "revoked")));
        Assert.Empty(await IdsAsync(new CatalogueFilter(Brand: "rainforest", Status: "revoked")));
        Assert.Equal(["p1", "p2"], await IdsAsync(new CatalogueFilter(RegionPrefix: "4690")));
        Assert.Equal(["p1"], await IdsAsync(new CatalogueFilter(RegionPrefix: "469025", Category: "tea")));
        Assert.Empty(await IdsAsync(new CatalogueFilter(RegionPrefix: "4601")));
        Assert.Empty(await IdsAsync(new CatalogueFilter(Category: "coffee")));
        Assert.Equal(["p2"], await IdsAsync(new CatalogueFilter("tea", Status: "active", RegionPrefix: "46")));

        var entry = (await _catalogue.ListAsync(new CatalogueFilter(Status: "revoked"), null, 10, Ct)).Items.Single();
        Assert.Equal(("L-p1", "baisha", "白沙良食", "revoked"), (entry.Licences.Single().Id, entry.Licences.Single().BrandId, entry.Licences.Single().BrandNameZh, entry.Licences.Single().Status));
        Assert.Equal("白沙绿茶", entry.Products.Single().Product);
    }

    [Fact]
    public async Task Pages_concatenateToTheFullList_withNoDuplicatesOrGaps_evenWhenAProducerIsAddedBetweenRequests()
    {
        for (var i = 4; i <= 8; i++)
        {
            await CertifiedAsync("p" + i, "茶园 " + i, "469025", "rainforest");
        }

        var seen = new List<string>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await _catalogue.ListAsync(new CatalogueFilter(), after, 2, Ct);
            seen.AddRange(page.Items.Select(e => e.ProducerId));
            after = page.Next;
            if (++pages == 2)
            {
                // One sorts before the cursor (already passed), one after (still to come).
                await CertifiedAsync("p0", "新茶园", "469025", "rainforest");
                await CertifiedAsync("p9", "新茶园", "469025", "rainforest");
            }
        }
        while (after is not null);

        Assert.Equal(["p1", "p2", "p4", "p5", "p6", "p7", "p8", "p9"], seen);
        Assert.Equal(["p0", "p1", "p2", "p4", "p5", "p6", "p7", "p8", "p9"], await IdsAsync(new CatalogueFilter()));
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("\"\"")]
    [InlineData("*")]
    [InlineData("白沙*")]
    [InlineData("NEAR(")]
    [InlineData("NEAR(白沙 绿茶, 2)")]
    [InlineData("tea OR coffee")]
    [InlineData("'); DROP TABLE producers; --")]
    [InlineData("body:白沙")]
    [InlineData("^白沙")]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData("\"白沙\" OR \"Wuzhishan\"")]
    public async Task HostileQueries_areSearchedAsText_neverAsSyntax(string q)
    {
        var found = await IdsAsync(new CatalogueFilter(q));
        Assert.Empty(found);
        Assert.Equal(["p1", "p2"], await IdsAsync(new CatalogueFilter()));
    }

    private async Task<IReadOnlyList<string>> IdsAsync(CatalogueFilter filter) =>
        [.. (await _catalogue.ListAsync(filter, null, CatalogueRepository.MaxPageSize, Ct)).Items.Select(e => e.ProducerId)];

    private static RecordEnvelope Record(string kind, string subject, string? supersedes = null) =>
        RecordEnvelope.Create(kind, subject, "user:test", At, new JsonObject { ["supersedes"] = supersedes });

    private async Task BrandAsync(string id, string zh, string en, char hash)
    {
        await _cert.RegisterBrandAsync(new BrandRow(id, string.Empty, 0, zh, en, id + "-standard", "1.0.0", "0x" + new string(hash, 64), "0x" + new string(hash, 63) + "a", "urn:brand:" + id, string.Empty, string.Empty),
            s => Record("brand", "brand:" + id, s), created => new NewChainOperation("register-brand", "brand:" + id, "{}"), Ct);
        await _cert.AccreditAsync(id, _certifier, "0x00000000000000000000000000000000000000c1", s => Record("accreditation", "accreditation:" + id, s), new NewChainOperation("accredit", "accreditation:" + id, "{}"), Ct);
    }

    private async Task ProducerAsync(string id, string name, string region)
    {
        await _registry.CreateProducerAsync(id, new ProducerFacts(name, "credit-" + id, region, null), "approved", s => Record("producer", "producer:" + id, s), ct: Ct);
        await _registry.CreatePlotAsync("plot-" + id, id, Scope.Producer(id), new PlotFacts("Plot", region, 10, null, null, null), s => Record("plot", "plot:" + id, s), Ct);
    }

    private async Task<string> BatchAsync(string producer, string plot, string product)
    {
        var id = "b" + Interlocked.Increment(ref _lots);
        await _registry.CreateBatchAsync(id, producer, new BatchFacts(product, "tea", "06901234567892", "LOT-" + id, plot, "2026-11-01", 500, "kg"), s => Record("batch", "batch:" + id, s), Ct);
        return id;
    }

    private async Task CertifiedAsync(string id, string name, string region, string brand, string? product = null)
    {
        await ProducerAsync(id, name, region);
        await _cert.CreateApplicationAsync("a-" + id, id, brand, $"[\"plot-{id}\"]", "[\"tea\"]", "please", Record("application", "application:a-" + id), Ct);
        var licence = "L-" + id;
        await _cert.ApproveAsync("a-" + id, CertificationScope.Certifier(_certifier), "{\"outcome\":\"pass\"}", "fine", _certifier,
            new NewLicence(licence, "0x" + Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(licence)).PadLeft(64, '0'), _certifier, "0x00000000000000000000000000000000000000c1", "0x" + new string('1', 64),
                "2026-12-01T00:00:00.000Z", "2027-12-01T00:00:00.000Z", "{\"credential\":true}", "0x" + new string('d', 64), [("tea", "2026", 3_000.0)]),
            s => Record("application-decision", "application:a-" + id, s), s => Record("licence", "licence:" + licence, s),
            new NewChainOperation("issue-licence", "licence:" + licence, "{}"), Ct);
        if (product is not null)
        {
            var batch = await BatchAsync(id, "plot-" + id, product);
            await _cert.ClaimBrandAsync(batch, licence, brand, "tea", "2026", 100, Record("brand-claim", "batch:" + batch), Ct);
        }
    }
}
