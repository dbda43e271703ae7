using Dapper;
using EcoValue.Testing;

namespace EcoValue.Api.Tests;

public sealed class DemoSeedTests(AnvilNode anvil) : IClassFixture<AnvilNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<string>> KindsAsync(string dataDirectory)
    {
        await using var c = await EcoValue.Testing.TestDatabases.ForDirectory(dataDirectory).OpenAsync(Ct);
        return [.. await c.QueryAsync<string>("SELECT kind FROM records ORDER BY seq")];
    }

    private static Task<(int Status, System.Text.Json.JsonElement Body)> RegistryHostGetAsync(HttpClient client, string url) => Registry.RegistryHost.GetAsync(client, url);

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task DevelopmentProfile_seedsDemoRecordsOnce_otherProfilesNever()
    {
        var dir = Directory.CreateTempSubdirectory("ecovalue-api-test-").FullName;
        try
        {
            int seeded;
            // As scripts/run does: the contracts are deployed (and the relayer set up) before the service starts.
            await using (var dev = await ApiHost.StartAsync(anvil.RpcUrl, environment: "Development", dataDirectory: dir, prepare: async data =>
            {
                await EcoValue.Data.Migrations.Migrator.MigrateAsync(EcoValue.Testing.TestDatabases.ForDirectory(data), EcoValue.Testing.TestDatabases.ForDirectory(data).Schema, Ct);
                await DevDeployment.DeployWithRelayerAsync(anvil.RpcUrl, data, Ct);
            }))
            {
                var kinds = await KindsAsync(dir);
                foreach (var kind in new[] { "producer", "plot", "batch", "field-event", "lab-result", "evidence", "brand", "accreditation", "application", "application-decision", "licence", "licence-status", "brand-claim", "item-issuance", "batch-recall" })
                {
                    Assert.Contains(kind, kinds);
                }

                seeded = kinds.Count;

                // The generated password is in demo-accounts.txt (owner-only), and the demo farmer signs in with it
                // and sees its own batch through the API.
                var file = Path.Combine(dir, "demo-accounts.txt");
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
                var password = System.Text.RegularExpressions.Regex.Match(await File.ReadAllTextAsync(file, Ct), "password for all four: (\\S+)").Groups[1].Value;
                Assert.Equal(16, password.Length);
                var token = await dev.Client.SignInAsync("farmer", password, Ct);
                using var farmer = dev.ClientWithToken(token.GetProperty("accessToken").GetString());
                var batches = System.Text.Json.JsonDocument.Parse(await farmer.GetStringAsync("/api/v1/batches", Ct)).RootElement.GetProperty("items");
                Assert.Contains(batches.EnumerateArray(), b => b.GetProperty("lot").GetString() == "BS2026SPRING");
                Assert.DoesNotContain(batches.EnumerateArray(), b => b.GetProperty("lot").GetString() == "QZ2026W01");

                // Certification: three brands; the demo certifier holds a licence's decision for two producers, one revoked;
                // both reach the chain through the relayer, and a batch harvested today carries the tea brand.
                using var anonymous = new HttpClient { BaseAddress = dev.Client.BaseAddress };
                var brands = System.Text.Json.JsonDocument.Parse(await anonymous.GetStringAsync("/api/v1/brands", Ct)).RootElement.GetProperty("items");
                Assert.Equal(["baisha-liangshi", "hainan-green-low-carbon", "rainforest-national-park"], brands.EnumerateArray().Select(b => b.GetProperty("id").GetString()));
                var certifierToken = await dev.Client.SignInAsync("certifier", password, Ct);
                using var certifier = dev.ClientWithToken(certifierToken.GetProperty("accessToken").GetString());
                var licences = System.Text.Json.JsonDocument.Parse(await certifier.GetStringAsync("/api/v1/licences", Ct)).RootElement.GetProperty("items");
                var byBrand = licences.EnumerateArray().ToDictionary(l => l.GetProperty("brandId").GetString()!, l => l.GetProperty("id").GetString()!);
                Assert.Equal(["baisha-liangshi", "hainan-green-low-carbon"], byBrand.Keys.Order(StringComparer.Ordinal));
                foreach (var (brand, verdict) in new[] { ("baisha-liangshi", "valid"), ("hainan-green-low-carbon", "revoked") })
                {
                    var deadline = DateTime.UtcNow.AddSeconds(30);
                    string? seen;
                    do
                    {
                        await Task.Delay(100, Ct);
                        seen = System.Text.Json.JsonDocument.Parse(await anonymous.GetStringAsync($"/api/v1/licences/{byBrand[brand]}/verify", Ct)).RootElement.GetProperty("verdict").GetString();
                    }
                    while (seen != verdict && DateTime.UtcNow < deadline);
                    Assert.Equal(verdict, seen);
                }

                var today = EcoValue.Api.Features.Certification.LicenceCalendar.Day(DateTimeOffset.UtcNow).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
                var claimed = batches.EnumerateArray().Single(b => b.GetProperty("lot").GetString() == "BS" + today).GetProperty("id").GetString();
                var brandOfBatch = System.Text.Json.JsonDocument.Parse(await farmer.GetStringAsync($"/api/v1/batches/{claimed}/brand", Ct)).RootElement;
                Assert.Equal("baisha-liangshi", brandOfBatch.GetProperty("claim").GetProperty("brandId").GetString());

                // Item codes (issue 6): the accounts file lists demo scans; the branded tea's code is registered (and
                // anchored or on its way), the oranges' code is recalled.
                var scanLines = (await File.ReadAllLinesAsync(file, Ct)).Where(l => l.StartsWith("  /01/", StringComparison.Ordinal)).ToList();
                Assert.Equal(3, scanLines.Count);
                var genuine = scanLines.Single(l => l.Contains("genuine", StringComparison.Ordinal)).Trim().Split(' ')[0];
                var recalled = scanLines.Single(l => l.Contains("recalled", StringComparison.Ordinal)).Trim().Split(' ')[0];
                Assert.Contains("/10/BS" + today + "/21/", genuine, StringComparison.Ordinal);
                var (_, genuineView) = await EcoValue.Api.Tests.Verification.ItemsHost.ResolveAsync(anonymous, genuine);
                Assert.True(genuineView.GetProperty("status").GetString() is "GENUINE" or "PENDING", genuineView.ToString());
                Assert.Equal("valid", genuineView.GetProperty("licence").GetProperty("status").GetString());
                var (_, recalledView) = await EcoValue.Api.Tests.Verification.ItemsHost.ResolveAsync(anonymous, recalled);
                Assert.Equal("RECALLED", recalledView.GetProperty("status").GetString());
                var (_, items) = await RegistryHostGetAsync(farmer, $"/api/v1/batches/{claimed}/items?limit=100");
                Assert.Equal(20, items.GetProperty("items").GetArrayLength());

                // The demo shipment (issue 7): every demo code and two never issued, which the demo buyer checks in bulk.
                var shipment = Path.Combine(dir, EcoValue.Api.Features.Demo.DemoSeeder.ShipmentFile);
                Assert.Contains(shipment, await File.ReadAllTextAsync(file, Ct), StringComparison.Ordinal);
                var shipped = await File.ReadAllTextAsync(shipment, Ct);
                Assert.Equal(41, shipped.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
                var buyerToken = await dev.Client.SignInAsync("buyer", password, Ct);
                using var buyer = dev.ClientWithToken(buyerToken.GetProperty("accessToken").GetString());
                using var checkedShipment = await buyer.PostAsync("/api/v1/verify/bulk", new StringContent(shipped, System.Text.Encoding.UTF8, "text/csv"), Ct);
                var reportBytes = await checkedShipment.Content.ReadAsByteArrayAsync(Ct);
                Assert.Equal(System.Net.HttpStatusCode.Created, checkedShipment.StatusCode);
                Assert.True(EcoValue.Domain.Verification.Reports.ReportVerifier.Check(reportBytes).Valid);
                var byStatus = System.Text.Json.JsonDocument.Parse(reportBytes).RootElement.GetProperty("report").GetProperty("summary").GetProperty("byStatus");
                Assert.Equal((8, 2), (byStatus.GetProperty("RECALLED").GetInt32(), byStatus.GetProperty("UNKNOWN").GetInt32()));
                Assert.Equal(30, byStatus.EnumerateObject().Where(p => p.Name is "GENUINE" or "PENDING").Sum(p => p.Value.GetInt32()));
            }

            // A restart on the same data folder does not seed again.
            await using (var again = await ApiHost.StartAsync(anvil.RpcUrl, environment: "Development", dataDirectory: dir))
            {
                Assert.Equal(seeded, (await KindsAsync(dir)).Count);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            await EcoValue.Testing.TestDatabases.DropAsync(dir);
            Directory.Delete(dir, recursive: true);
        }

        await using var production = await ApiHost.StartAsync(anvil.RpcUrl, environment: "Production", settings: ApiHost.WithCertification(new Dictionary<string, string?>
        {
            ["EcoValue:Anchoring:Enabled"] = "false",
            // Production refuses to start without its token signing key (docs/auth.md), standards folder and master key.
            ["EcoValue:Auth:SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        }));
        Assert.Empty(await KindsAsync(production.DataDirectory));
    }
}
