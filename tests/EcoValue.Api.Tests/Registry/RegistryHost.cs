using System.Net.Http.Json;
using System.Text.Json;
using EcoValue.Data.Accounts;

namespace EcoValue.Api.Tests.Registry;

/// <summary>
/// One real host for a test class's registry tests (no chain: records stay pending, which the registry does not
/// mind — anchoring is an outbox). Helpers create producers as an admin and hand out farmer clients.
/// </summary>
public sealed class RegistryHost : IAsyncLifetime
{
    private static int _sequence;

    public ApiHost Host { get; private set; } = null!;

    public UserClient Admin { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Host = await ApiHost.StartAsync(new Uri("http://127.0.0.1:9"), settings: new Dictionary<string, string?>
        {
            // Test-only cost (refused outside Testing); production hashes with 600,000 iterations.
            ["EcoValue:Auth:Pbkdf2Iterations"] = "1000",
        });
        Admin = await Host.ClientForAsync(Roles.Admin);
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Host.DisposeAsync();
    }

    /// <summary>A fresh valid credit code (GB 32100) for a Hainan cooperative: distinct per call.</summary>
    public static string NewCreditCode()
    {
        const string Charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        var n = Interlocked.Increment(ref _sequence);
        var tail = string.Create(5, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Charset[Random.Shared.Next(Charset.Length)];
            }
        });
        var body = "93469025" + "MA" + Charset[n % Charset.Length] + tail + Charset[n / Charset.Length % Charset.Length];
        return body + CreditCheck(body);
    }

    private static char CreditCheck(string first17)
    {
        const string Charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        int[] weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += Charset.IndexOf(first17[i], StringComparison.Ordinal) * weights[i];
        }

        return Charset[(31 - (sum % 31)) % 31];
    }

    /// <summary>A producer registered by the admin, and a farmer client that belongs to it.</summary>
    public async Task<(string ProducerId, UserClient Farmer)> NewFarmerAsync(string name = "白沙绿茶专业合作社")
    {
        using var response = await Admin.PostAsJsonAsync("/api/v1/producers", new { name, creditCode = NewCreditCode(), regionCode = "469025" });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
        return (id, await Host.ClientForAsync(Roles.Farmer, id));
    }

    /// <summary>POSTs JSON and returns status and parsed body.</summary>
    public static async Task<(int Status, JsonElement Body)> PostAsync(HttpClient client, string url, object body)
    {
        using var response = await client.PostAsJsonAsync(url, body);
        return ((int)response.StatusCode, await ReadAsync(response));
    }

    public static async Task<(int Status, JsonElement Body)> PutAsync(HttpClient client, string url, object body, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await ReadAsync(response));
    }

    public static async Task<(int Status, JsonElement Body)> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        return ((int)response.StatusCode, await ReadAsync(response));
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A plot, a batch, an event and a lab result for a farmer; returns their ids.</summary>
    public static async Task<(string Plot, string Batch, string Event, string Lab)> SeedAsync(UserClient farmer, string producerId, string lot)
    {
        var (s1, plot) = await PostAsync(farmer, $"/api/v1/producers/{producerId}/plots", Plot());
        Assert.Equal(201, s1);
        var plotId = plot.GetProperty("id").GetString()!;
        var (s2, batch) = await PostAsync(farmer, "/api/v1/batches", Batch(plotId, lot));
        Assert.True(s2 == 201, batch.ToString());
        var batchId = batch.GetProperty("id").GetString()!;
        var (s3, ev) = await PostAsync(farmer, $"/api/v1/batches/{batchId}/events", Event());
        Assert.True(s3 == 201, ev.ToString());
        var (s4, lab) = await PostAsync(farmer, $"/api/v1/batches/{batchId}/lab-results", Lab());
        Assert.True(s4 == 201, lab.ToString());
        return (plotId, batchId, ev.GetProperty("id").GetString()!, lab.GetProperty("id").GetString()!);
    }

    public static object Plot(string name = "元门乡 1 号茶园") => new { name, regionCode = "469025", areaMu = 32.5, location = new { latitude = 19.2241, longitude = 109.4529 } };

    public static object Batch(string plotId, string lot, string gtin = "6901234567892") =>
        new { product = "白沙绿茶", category = "tea", gtin, lot, plotId, harvestDate = "2026-03-28", quantity = 410, unit = "kg" };

    public static object Event(string place = "元门乡 1 号茶园") => new
    {
        kind = "input-applied", occurredAt = "2026-03-02T08:30:00+08:00", place, regionCode = "469025", actor = "符小明",
        input = new { product = "苦参碱 0.3% 水剂", activeIngredient = "matrine", dose = 120, doseUnit = "mL/mu" },
    };

    public static object Lab(string lab = "海南省农产品质量安全检测中心") => new
    {
        lab, reportNumber = "HN-2026-04-0117", sampleDate = "2026-04-01",
        analytes = new[] { new { name = "chlorpyrifos", value = 0.0, unit = "mg/kg" } },
    };
}
