using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using EcoValue.Anchoring.Chain;
using EcoValue.Anchoring.Contracts;
using EcoValue.Api.Features.Certification;
using EcoValue.Data.Accounts;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Rpc;
using EcoValue.Ethereum.Signing;
using EcoValue.Testing;

namespace EcoValue.Api.Tests.Certification;

/// <summary>
/// The real service on a real anvil with our contracts deployed and the licence relayer set up as
/// <c>ecovalue deploy --dev</c> leaves it (its key funded and holding OPERATOR_ROLE), the Baisha Liangshi brand
/// registered, and helpers that build, through the API, producers whose registry data pass a standard.
/// </summary>
public class CertificationHost : IAsyncLifetime
{
    public const string Baisha = "baisha-liangshi";
    public const string BaishaStandard = "baisha-liangshi-tea";
    public const string Rainforest = "rainforest-national-park";
    public const string RainforestStandard = "rainforest-eco-product";

    private static readonly (string Kind, string Title)[] ProducerDocuments =
        [("business-licence", "营业执照"), ("soil-environment-report", "产地环境检测报告 2026"), ("input-log", "投入品使用记录"), ("ecological-protection-pledge", "生态保护承诺书")];

    private static readonly string[] Tea = ["tea"];

    private static int _lots;

    public AnvilNode Node { get; private set; } = null!;

    public ApiHost Host { get; private set; } = null!;

    public UserClient Admin { get; private set; } = null!;

    public EthECKey Deployer { get; private set; } = null!;

    public EthECKey Relayer { get; private set; } = null!;

    public EthClient Eth { get; private set; } = null!;

    /// <summary>LicenceRegistry for reads; <see cref="AsDeployer"/> writes as its admin (and operator).</summary>
    public LicenceRegistryClient Registry { get; private set; } = null!;

    public LicenceRegistryClient AsDeployer { get; private set; } = null!;

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Today where the producers are (UTC+8): harvest dates and licence days are read there.</summary>
    public static DateOnly Today => LicenceCalendar.Day(DateTimeOffset.UtcNow);

    protected virtual AnvilNode CreateNode() => new();

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>
    /// True to have the host's own anchoring worker anchor records: the contracts are then deployed before the host
    /// starts, from its service key (AnchorRegistry's anchorer), as `ecovalue deploy --dev` does.
    /// </summary>
    protected virtual bool AnchorRecords => false;

    public async ValueTask InitializeAsync()
    {
        Node = CreateNode();
        await Node.InitializeAsync();
        Eth = new EthClient(new JsonRpcClient(new HttpClient(), new JsonRpcClientOptions { Endpoint = Node.RpcUrl }));
        IReadOnlyList<EcoValue.Data.Chain.ChainDeploymentRow> rows;
        EthECKey deployer, relayer;
        if (AnchorRecords)
        {
            (IReadOnlyList<EcoValue.Data.Chain.ChainDeploymentRow>, EthECKey, EthECKey)? deployed = null;
            Host = await ApiHost.StartAsync(Node.RpcUrl, settings: Settings, prepare: async data =>
            {
                _ = EcoValue.Testing.TestDatabases.ForDirectory(data); // migrated (on SQLite the host migrates the file as it starts)
                await EcoValue.Data.Migrations.Migrator.MigrateAsync(EcoValue.Testing.TestDatabases.ForDirectory(data), EcoValue.Testing.TestDatabases.ForDirectory(data).Schema, CancellationToken.None);
                var serviceKey = EcoValue.Anchoring.Keys.ServiceKeyFile.LoadOrCreate(Path.Combine(data, "keys", "service.key"));
                deployed = await DevDeployment.DeployWithRelayerAsync(Node.RpcUrl, data, CancellationToken.None, serviceKey);
            });
            (rows, deployer, relayer) = deployed!.Value;
        }
        else
        {
            // Deployed once the host has made its database, as `ecovalue deploy` does on a running system.
            Host = await ApiHost.StartAsync(Node.RpcUrl, settings: Settings);
            (rows, deployer, relayer) = await DevDeployment.DeployWithRelayerAsync(Node.RpcUrl, Host.DataDirectory, CancellationToken.None);
        }

        (Deployer, Relayer) = (deployer, relayer);
        var contract = Address.Parse(rows.Single(r => r.Contract == LicenceRegistryClient.ContractName).Address);
        Registry = new LicenceRegistryClient(Eth, contract);
        AsDeployer = new LicenceRegistryClient(Eth, contract, new TransactionSender(new ChainAccount(Eth, Deployer, 31337), new FeeEstimator(Eth)));
        Admin = await Host.ClientForAsync(Roles.Admin);
        await EnsureBrandAsync(BaishaStandard, Baisha);
    }

    public async ValueTask DisposeAsync()
    {
        Admin?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        if (Node is not null)
        {
            await Node.DisposeAsync();
        }

        CleanUp();
        GC.SuppressFinalize(this);
    }

    /// <summary>Removes what a subclass made beside the node and the host (called last on dispose).</summary>
    protected virtual void CleanUp()
    {
    }

    /// <summary>Registers a brand (unless it is) and waits until its registration is confirmed on chain.</summary>
    public async Task EnsureBrandAsync(string standardId, string brandId)
    {
        var (status, body) = await PostAsync(Admin, "/api/v1/brands", new { standardId });
        Assert.True(status is 200 or 201, body.ToString());
        await WaitForChainAsync(Admin, $"/api/v1/brands/{brandId}", b => b.GetProperty("chain"));
    }

    /// <summary>A new certifier accredited for the brands (each accreditation confirmed on chain).</summary>
    public async Task<UserClient> NewCertifierAsync(params string[] brands)
    {
        var certifier = await Host.ClientForAsync(Roles.Certifier);
        foreach (var brand in brands)
        {
            var (status, body) = await PostAsync(Admin, $"/api/v1/brands/{brand}/certifiers", new { userId = certifier.UserId });
            Assert.True(status == 201, body.ToString());
            await WaitForChainAsync(Admin, $"/api/v1/brands/{brand}/certifiers", list =>
                list.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("userId").GetString() == certifier.UserId).GetProperty("chain"));
        }

        return certifier;
    }

    /// <summary>
    /// A producer licensed for Baisha Liangshi (the licence confirmed on chain), its farmer and certifier, and a 300 kg
    /// tea batch harvested today that carries the brand: what the verification, bulk and dossier tests start from.
    /// </summary>
    public async Task<LicensedBatch> LicensedBatchAsync()
    {
        var certifier = await NewCertifierAsync(Baisha);
        var (producerId, farmer) = await NewProducerAsync();
        var (plot, _) = await SeedAsync(farmer, producerId, areaMu: 10);
        var licenceId = await ApproveAsync(certifier, await ApplyAsync(farmer, Baisha, plot));
        await WaitForChainAsync(certifier, $"/api/v1/licences/{licenceId}", d => d.GetProperty("licence").GetProperty("chain"));
        var batch = await AddBatchAsync(farmer, producerId, plot, 300);
        var (claimed, claim) = await PostAsync(farmer, $"/api/v1/batches/{batch}/brand", new { brandId = Baisha });
        Assert.True(claimed == 201, claim.ToString());
        return new LicensedBatch(farmer, certifier, producerId, licenceId, batch);
    }

    /// <summary>An approved producer in 白沙 (469025) registered by the admin, and its farmer.</summary>
    public async Task<(string ProducerId, UserClient Farmer)> NewProducerAsync(string name = "白沙绿野茶叶专业合作社")
    {
        var (status, body) = await PostAsync(Admin, "/api/v1/producers", new { name, creditCode = EcoValue.Api.Tests.Registry.RegistryHost.NewCreditCode(), regionCode = "469025" });
        Assert.True(status == 201, body.ToString());
        var id = body.GetProperty("id").GetString()!;
        return (id, await Host.ClientForAsync(Roles.Farmer, id));
    }

    /// <summary>
    /// A catalogue entry: a producer with a Baisha licence confirmed on chain (from <paramref name="certifier"/>) and
    /// one batch, harvested today inside the licence, carrying the brand. Returns the producer, licence and batch ids.
    /// </summary>
    public async Task<(string Producer, string Licence, string Batch)> CertifiedProducerAsync(UserClient certifier, string name)
    {
        var (producerId, farmer) = await NewProducerAsync(name);
        using var lease = farmer;
        var (plot, _) = await SeedAsync(farmer, producerId);
        var licenceId = await ApproveAsync(certifier, await ApplyAsync(farmer, Baisha, plot));
        await WaitForChainAsync(certifier, $"/api/v1/licences/{licenceId}", d => d.GetProperty("licence").GetProperty("chain"));
        var batch = await AddBatchAsync(farmer, producerId, plot, 50, harvestedDaysAgo: 0);
        var (claimed, claim) = await PostAsync(farmer, $"/api/v1/batches/{batch}/brand", new { brandId = Baisha });
        Assert.True(claimed is 200 or 201, claim.ToString());
        return (producerId, licenceId, batch);
    }

    /// <summary>
    /// A producer whose data pass the Baisha and rainforest tea standards: the documents both ask for, a plot of
    /// <paramref name="areaMu"/> mu in 469025 and a tea batch harvested <paramref name="harvestedDaysAgo"/> days ago
    /// with its input, lab result and compliance certificate. Returns the plot and batch.
    /// </summary>
    public static async Task<(string Plot, string Batch)> SeedAsync(UserClient farmer, string producerId, double areaMu = 10, double batchKg = 300, int harvestedDaysAgo = 5, bool documents = true, double leadMgPerKg = 0.3)
    {
        if (documents)
        {
            foreach (var (kind, title) in ProducerDocuments)
            {
                await AddEvidenceAsync(farmer, producerId, new { kind, title, issuedOn = Day(-200), validUntil = Day(700) });
            }
        }

        var (s, plot) = await PostAsync(farmer, $"/api/v1/producers/{producerId}/plots", new { name = "元门乡 1 号茶园", regionCode = "469025", areaMu });
        Assert.True(s == 201, plot.ToString());
        var plotId = plot.GetProperty("id").GetString()!;
        var batch = await AddBatchAsync(farmer, producerId, plotId, batchKg, harvestedDaysAgo, leadMgPerKg);
        return (plotId, batch);
    }

    /// <summary>A tea batch on a plot with an input applied before harvest, a full lab result and its compliance certificate.</summary>
    public static async Task<string> AddBatchAsync(UserClient farmer, string producerId, string plotId, double kg, int harvestedDaysAgo = 0, double leadMgPerKg = 0.3, bool certificate = true)
    {
        var lot = "CERT" + Interlocked.Increment(ref _lots).ToString(CultureInfo.InvariantCulture) + Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);
        var (s1, batch) = await PostAsync(farmer, "/api/v1/batches", new { product = "白沙绿茶", category = "tea", gtin = "6901234567892", lot, plotId, harvestDate = Day(-harvestedDaysAgo), quantity = kg, unit = "kg" });
        Assert.True(s1 == 201, batch.ToString());
        var batchId = batch.GetProperty("id").GetString()!;
        var (s2, ev) = await PostAsync(farmer, $"/api/v1/batches/{batchId}/events", new
        {
            kind = "input-applied", occurredAt = Day(-harvestedDaysAgo - 20) + "T08:30:00+08:00", place = "元门乡 1 号茶园", regionCode = "469025",
            input = new { product = "苦参碱 0.3% 水剂", activeIngredient = "matrine", dose = 120, doseUnit = "mL/mu" },
        });
        Assert.True(s2 == 201, ev.ToString());
        var (s3, lab) = await PostAsync(farmer, $"/api/v1/batches/{batchId}/lab-results", new
        {
            lab = "海南省农产品质量安全检测中心", reportNumber = "HN-" + lot, sampleDate = Day(-harvestedDaysAgo),
            analytes = new[]
            {
                new { name = "lead", value = leadMgPerKg, unit = "mg/kg" },
                new { name = "imidacloprid", value = 0.05, unit = "mg/kg" },
                new { name = "acetamiprid", value = 0.1, unit = "mg/kg" },
                new { name = "bifenthrin", value = 0.2, unit = "mg/kg" },
                new { name = "glyphosate", value = 0.1, unit = "mg/kg" },
                new { name = "cypermethrin", value = 0.5, unit = "mg/kg" },
            },
        });
        Assert.True(s3 == 201, lab.ToString());
        if (certificate)
        {
            await AddEvidenceAsync(farmer, producerId, new { kind = "compliance-certificate", title = "承诺达标合格证 " + lot, batchId, issuedOn = Day(-harvestedDaysAgo) });
        }

        return batchId;
    }

    public static async Task AddEvidenceAsync(UserClient farmer, string producerId, object evidence)
    {
        var (status, body) = await PostAsync(farmer, $"/api/v1/producers/{producerId}/evidence", evidence);
        Assert.True(status == 201, body.ToString());
    }

    public static async Task<string> ApplyAsync(UserClient farmer, string brandId, params string[] plots)
    {
        var (status, body) = await PostAsync(farmer, "/api/v1/applications", new { brandId, plots, categories = Tea, notes = "首次申请" });
        Assert.True(status == 201, body.ToString());
        return body.GetProperty("id").GetString()!;
    }

    /// <summary>Approves and returns the licence id.</summary>
    public static async Task<string> ApproveAsync(UserClient certifier, string applicationId)
    {
        var (status, body) = await PostAsync(certifier, $"/api/v1/applications/{applicationId}/decision", new { decision = "approve", notes = "资料齐全，检测合格" });
        Assert.True(status == 200, body.ToString());
        Assert.Equal("approved", body.GetProperty("status").GetString());
        return body.GetProperty("licenceId").GetString()!;
    }

    /// <summary>Reads <paramref name="url"/> until the chain state <paramref name="chain"/> picks is confirmed (or fails the test when it fails or time runs out).</summary>
    public static async Task<JsonElement> WaitForChainAsync(HttpClient client, string url, Func<JsonElement, JsonElement> chain, string status = "confirmed", int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var (code, body) = await GetAsync(client, url);
            Assert.True(code == 200, body.ToString());
            var state = chain(body);
            var now = state.ValueKind == JsonValueKind.Object ? state.GetProperty("status").GetString() : null;
            if (now == status)
            {
                return body;
            }

            Assert.False(now == "failed" && status != "failed", $"{url}: the chain operation failed: {state}");
            Assert.True(DateTime.UtcNow < deadline, $"{url}: chain state still {now ?? "none"} after {seconds} s, expected {status}: {state}");
            await Task.Delay(50, Ct);
        }
    }

    public static string Day(int offsetDays) => Today.AddDays(offsetDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static async Task<(int Status, JsonElement Body)> PostAsync(HttpClient client, string url, object? body, string? language = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        using var response = await client.SendAsync(request, Ct);
        return ((int)response.StatusCode, await ReadAsync(response));
    }

    public static async Task<(int Status, JsonElement Body)> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url, Ct);
        return ((int)response.StatusCode, await ReadAsync(response));
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}

/// <summary>What <see cref="CertificationHost.LicensedBatchAsync"/> made; disposing it disposes both clients.</summary>
public sealed record LicensedBatch(UserClient Farmer, UserClient Certifier, string ProducerId, string LicenceId, string BatchId) : IDisposable
{
    public void Dispose()
    {
        Farmer.Dispose();
        Certifier.Dispose();
    }
}
