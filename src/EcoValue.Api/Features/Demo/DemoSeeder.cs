using System.Security.Cryptography;
using EcoValue.Api.Configuration;
using EcoValue.Api.Features.Registry;
using EcoValue.Data.Accounts;
using EcoValue.Data.Records;
using EcoValue.Data.Registry;
using EcoValue.Domain.Registry;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace EcoValue.Api.Features.Demo;

/// <summary>
/// Dev profile only, empty database only (DESIGN.md "Dev profile"): demo accounts (admin, farmer, certifier, buyer),
/// a small Hainan registry — producers, plots, batches with their field events and lab results — and its certification
/// (<see cref="DemoCertification"/>: brands, accreditation, evidence, licences, a brand claim, a revoked licence),
/// written through the same services as the API, so every entry is a record that anchors within seconds. Production never seeds.
/// The accounts' password is ECOVALUE_DEMO_PASSWORD when set; otherwise one is generated and written once to
/// {data}/demo-accounts.txt (mode 0600), which scripts/run prints — never to a log.
/// </summary>
public sealed partial class DemoSeeder(
    RecordRepository records,
    RegistryRepository registry,
    RegistryWriter writer,
    UserAccounts accounts,
    DemoCertification certification,
    DemoItems demoItems,
    Items.PublicLinks links,
    IOptions<EcoValueOptions> options,
    IServer server,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<DemoSeeder> logger) : IHostedService
{
    public const string AccountsFile = "demo-accounts.txt";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!await records.IsEmptyAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var fromEnvironment = Environment.GetEnvironmentVariable("ECOVALUE_DEMO_PASSWORD");
        var password = string.IsNullOrEmpty(fromEnvironment) ? NewPassword() : fromEnvironment;
        var now = time.GetUtcNow();
        var ct = cancellationToken;

        var admin = await accounts.CreateAsync(new NewUser("admin", password, Roles.Admin), ct).ConfigureAwait(false);
        var adminActor = "user:" + admin.Id;
        var tea = await ProducerAsync(new ProducerInput("白沙绿茶专业合作社 Baisha Green Tea Cooperative", "93469025MA5T7C1X0D", "469025", new ContactInput("符小明", "+86 898 2772 0000", "tea@example.cn")), "approved", adminActor, now, ct).ConfigureAwait(false);
        var orange = await ProducerAsync(new ProducerInput("琼中绿橙种植合作社 Qiongzhong Green Orange Cooperative", "93469030MA5T8D2Y1D", "469030", null), "approved", adminActor, now, ct).ConfigureAwait(false);
        await ProducerAsync(new ProducerInput("陵水圣女果合作社 Lingshui Cherry Tomato Cooperative", "93469028MA5T9E3K2X", "469028", null), "pending", adminActor, now, ct).ConfigureAwait(false);

        var farmer = await accounts.CreateAsync(new NewUser("farmer", password, Roles.Farmer, tea), ct).ConfigureAwait(false);
        var certifier = await accounts.CreateAsync(new NewUser("certifier", password, Roles.Certifier), ct).ConfigureAwait(false);
        await accounts.CreateAsync(new NewUser("buyer", password, Roles.Buyer), ct).ConfigureAwait(false);
        var farmerActor = "user:" + farmer.Id;

        var yuanmen = await PlotAsync(tea, new PlotInput("元门乡 1 号茶园 Yuanmen tea garden 1", "469025", 32.5, new GeoPointInput(19.2241, 109.4529), null), farmerActor, now, ct).ConfigureAwait(false);
        var spring = await BatchAsync(tea, new BatchInput("白沙绿茶 Baisha green tea", "tea", "6901234567892", "BS2026SPRING", yuanmen, "2026-03-28", 410, "kg"), farmerActor, now, ct).ConfigureAwait(false);
        await EventAsync(spring, new FieldEventInput("input-applied", "2026-03-02T08:30:00+08:00", "元门乡 1 号茶园", "469025", "符小明", new InputAppliedInput("苦参碱 0.3% 水剂 (matrine 0.3% AS)", "matrine", 120, "mL/mu", "茶小绿叶蝉 tea green leafhopper"), null, null, null), farmerActor, now, ct).ConfigureAwait(false);
        await EventAsync(spring, new FieldEventInput("harvest", "2026-03-28T07:00:00+08:00", "元门乡 1 号茶园", "469025", "符小明", null, 410, "kg", "一芽一叶 one bud, one leaf"), farmerActor, now, ct).ConfigureAwait(false);
        await EventAsync(spring, new FieldEventInput("packing", "2026-04-02T14:00:00+08:00", "白沙县牙叉镇加工厂 Yacha processing plant", "469025", "王师傅", null, 380, "kg", null), farmerActor, now, ct).ConfigureAwait(false);
        await EventAsync(spring, new FieldEventInput("shipping", "2026-04-05T09:00:00+08:00", "海口港 Haikou port", "460100", null, null, null, null, "to 消博会 Hainan Expo"), farmerActor, now, ct).ConfigureAwait(false);
        await LabAsync(spring, new LabResultInput("海南省农产品质量安全检测中心 (demo)", "HN-2026-04-0117", "2026-04-01",
        [
            new AnalyteInput("chlorpyrifos 毒死蜱", 0, "mg/kg", 0.01, "GB 23200.113-2018"),
            new AnalyteInput("lead (Pb) 铅", 0.32, "mg/kg", 0.02, "GB 5009.12-2023"),
        ], "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"), farmerActor, now, ct).ConfigureAwait(false);

        var orangePlot = await PlotAsync(orange, new PlotInput("红毛镇绿橙园 Hongmao orange grove", "469030", 58, null, null), adminActor, now, ct).ConfigureAwait(false);
        var oranges = await BatchAsync(orange, new BatchInput("琼中绿橙 Qiongzhong green orange", "tropical-fruit", "6901234567908", "QZ2026W01", orangePlot, "2026-01-12", 2.5, "t"), adminActor, now, ct).ConfigureAwait(false);
        await EventAsync(oranges, new FieldEventInput("harvest", "2026-01-12T08:00:00+08:00", "红毛镇绿橙园", "469030", null, null, 2.5, "t", null), adminActor, now, ct).ConfigureAwait(false);

        // Brands, accreditation, evidence, a licence whose brand a batch carries, and a revoked licence (issue 5).
        await certification.SeedAsync(new DemoCertification.Context(admin, farmer, certifier, tea, yuanmen, orange, orangePlot), now, ct).ConfigureAwait(false);

        // Item codes for some of those batches, and a recalled batch (issue 6).
        var codes = await demoItems.SeedAsync(farmerActor, adminActor, now, ct).ConfigureAwait(false);
        var scans = codes.Scans;
        var shipmentFile = Path.Combine(options.Value.DataDirectory, ShipmentFile);

        await WriteAccountsFileAsync(password, generated: string.IsNullOrEmpty(fromEnvironment), scans, shipmentFile, ct).ConfigureAwait(false);
        var batchRecord = (await registry.GetBatchAsync(spring, Scope.All, ct).ConfigureAwait(false))!.RecordId;
        lifetime.ApplicationStarted.Register(() =>
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? string.Empty;
                var proofUrl = $"{address}/api/v1/records/{batchRecord}/proof";
                LogSeeded(logger, proofUrl);
                var baseUrl = links.Base(null);
                foreach (var (what, path) in scans)
                {
                    var url = baseUrl + path;
                    LogDemoScan(logger, what, url);
                }
            }

            // Full links (the base is known once the server listens): what a buyer's scanner would read off the cartons.
            WriteShipment(shipmentFile, links.Base(null), codes.Shipment);
        });
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<string> ProducerAsync(ProducerInput input, string status, string actor, DateTimeOffset now, CancellationToken ct) =>
        (await writer.RegisterProducerAsync(ProducerFacts.Validate(input), status, actor, now, ct: ct).ConfigureAwait(false)).Id;

    private async Task<string> PlotAsync(string producer, PlotInput input, string actor, DateTimeOffset now, CancellationToken ct) =>
        (await writer.AddPlotAsync(producer, Scope.All, PlotFacts.Validate(input), actor, now, ct).ConfigureAwait(false))!.Id;

    private async Task<string> BatchAsync(string producer, BatchInput input, string actor, DateTimeOffset now, CancellationToken ct) =>
        (await writer.AddBatchAsync(producer, BatchFacts.Validate(input, DateOnly.FromDateTime(now.UtcDateTime)), actor, now, ct).ConfigureAwait(false)).Id;

    private Task EventAsync(string batch, FieldEventInput input, string actor, DateTimeOffset now, CancellationToken ct) =>
        writer.AddEventAsync(batch, Scope.All, FieldEventFacts.Validate(input, now), actor, now, ct);

    private Task LabAsync(string batch, LabResultInput input, string actor, DateTimeOffset now, CancellationToken ct) =>
        writer.AddLabResultAsync(batch, Scope.All, LabResultFacts.Validate(input, DateOnly.FromDateTime(now.UtcDateTime)), actor, now, ct);

    /// <summary>
    /// The demo shipment: every demo item's link (genuine and branded tea, the spring tea, the recalled oranges) and two
    /// codes never issued, one per line under a "code" header, for the buyer portal's bulk verify upload.
    /// </summary>
    /// <summary>The demo shipment's file name in the data folder.</summary>
    public const string ShipmentFile = "demo-shipment.csv";

    private static void WriteShipment(string path, string baseUrl, IReadOnlyList<string> items)
    {
        var lines = new List<string> { "code" };
        lines.AddRange(items.Select(p => baseUrl + p));
        lines.Add(baseUrl + "/01/06901234567892/10/BS2026SPRING/21/7KQ2M9XA3HDPX");
        lines.Add("ZZZZZ-ZZZZ-ZZZZ");
        File.WriteAllLines(path, lines);
    }

    private async Task WriteAccountsFileAsync(string password, bool generated, IReadOnlyList<(string What, string Path)> scans, string shipmentFile, CancellationToken ct)
    {
        var path = Path.Combine(options.Value.DataDirectory, AccountsFile);
        var shown = generated ? password : "(the value of ECOVALUE_DEMO_PASSWORD)";
        var text = $"""
            Demo accounts (dev profile only); password for all four: {shown}
              admin      brand operator: accounts, producer approval, brands and accreditation
              farmer     白沙绿茶专业合作社 Baisha Green Tea Cooperative: plots, batches, events, lab results, evidence, brand applications
              certifier  accredited for every brand: evaluations, decisions, licence suspension and revocation
              buyer      catalogue and dossiers at /portal/catalogue; bulk verification of up to 10,000 codes (paste, CSV upload, phone camera) at /portal/verify; signed reports at /portal/reports

            Demo scans: the service URL followed by one of these paths (a browser shows the consumer page;
            curl -H 'Accept: application/json' the verification, -H 'Accept: application/linkset+json' the GS1 linkset)

            """ + string.Concat(scans.Select(s => $"  {s.Path}   {s.What}\n"))
            + $"\nDemo shipment for bulk verification (sign in as buyer, Bulk verify, upload it):\n  {shipmentFile}\n";
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var stream = new FileStream(path, fileOptions);
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync(text.AsMemory(), ct).ConfigureAwait(false);
    }

    // 16 characters from 31 letters and digits without look-alikes (about 79 bits): easy to type from the terminal.
    private static string NewPassword()
    {
        const string Alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        return string.Create(16, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo scan ({What}): {Url}")]
    private static partial void LogDemoScan(ILogger logger, string what, string url);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the demo registry and accounts (demo-accounts.txt in the data folder); a proof: {ProofUrl}")]
    private static partial void LogSeeded(ILogger logger, string proofUrl);
}
