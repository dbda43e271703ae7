using Dapper;
using EcoValue.Data;
using EcoValue.Testing;

namespace EcoValue.Api.Tests;

public sealed class DemoSeedTests(AnvilNode anvil) : IClassFixture<AnvilNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<string>> KindsAsync(string dataDirectory)
    {
        await using var c = await new SqliteDatabase(dataDirectory).OpenAsync(Ct);
        return [.. await c.QueryAsync<string>("SELECT kind FROM records ORDER BY seq")];
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task DevelopmentProfile_seedsDemoRecordsOnce_otherProfilesNever()
    {
        var dir = Directory.CreateTempSubdirectory("ecovalue-api-test-").FullName;
        try
        {
            int seeded;
            await using (var dev = await ApiHost.StartAsync(anvil.RpcUrl, environment: "Development", dataDirectory: dir))
            {
                var kinds = await KindsAsync(dir);
                foreach (var kind in new[] { "producer", "plot", "batch", "field-event", "lab-result" })
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
