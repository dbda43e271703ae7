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
    public async Task DevelopmentProfile_seedsDemoRecordsOnce_otherProfilesNever()
    {
        var dir = Directory.CreateTempSubdirectory("ecovalue-api-test-").FullName;
        try
        {
            await using (var dev = await ApiHost.StartAsync(anvil.RpcUrl, environment: "Development", dataDirectory: dir))
            {
                Assert.Equal(["producer", "plot", "batch", "event", "lab-result"], await KindsAsync(dir));
            }

            // A restart on the same data folder does not seed again.
            await using (var again = await ApiHost.StartAsync(anvil.RpcUrl, environment: "Development", dataDirectory: dir))
            {
                Assert.Equal(5, (await KindsAsync(dir)).Count);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }

        await using var production = await ApiHost.StartAsync(anvil.RpcUrl, environment: "Production", settings: new Dictionary<string, string?>
        {
            ["EcoValue:Anchoring:Enabled"] = "false",
            // Production refuses to start without its token signing key (docs/auth.md).
            ["EcoValue:Auth:SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        });
        Assert.Empty(await KindsAsync(production.DataDirectory));
    }
}
