using System.Net.Http.Json;
using System.Text.Json;
using EcoValue.Api.Tests.Registry;
using EcoValue.Data.Accounts;

namespace EcoValue.Api.Tests.Verification;

/// <summary>
/// A real host without a chain (records stay pending) for item-code and resolver tests: no verification cache (every
/// scan reads the database), no public rate limit (its own test turns it on), location headers trusted (Testing).
/// </summary>
public sealed class ItemsHost : IAsyncLifetime
{
    private static int _lots;

    public ApiHost Host { get; private set; } = null!;

    public UserClient Admin { get; private set; } = null!;

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Dictionary<string, string?> Settings => new()
    {
        ["EcoValue:Verification:CacheSeconds"] = "0",
        ["EcoValue:RateLimits:PublicPerMinute"] = "0",
    };

    public async ValueTask InitializeAsync()
    {
        Host = await ApiHost.StartAsync(new Uri("http://127.0.0.1:9"), settings: Settings);
        Admin = await Host.ClientForAsync(Roles.Admin);
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Host.DisposeAsync();
    }

    /// <summary>A producer with a plot, its farmer, and a batch of <paramref name="quantity"/> <paramref name="unit"/> with an event and a lab result.</summary>
    public async Task<(string ProducerId, UserClient Farmer, string BatchId, string Gtin, string Lot)> NewBatchAsync(double quantity = 1000, string unit = "piece", string gtin = "6901234567892", string? lot = null)
    {
        using var response = await Admin.PostAsJsonAsync("/api/v1/producers", new { name = "白沙绿茶专业合作社", creditCode = RegistryHost.NewCreditCode(), regionCode = "469025" }, Ct);
        var producer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.True(response.IsSuccessStatusCode, producer.ToString());
        var producerId = producer.GetProperty("id").GetString()!;
        var farmer = await Host.ClientForAsync(Roles.Farmer, producerId);
        var (s1, plot) = await RegistryHost.PostAsync(farmer, $"/api/v1/producers/{producerId}/plots", RegistryHost.Plot());
        Assert.Equal(201, s1);
        lot ??= "IT" + Interlocked.Increment(ref _lots).ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" + Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (s2, batch) = await RegistryHost.PostAsync(farmer, "/api/v1/batches", new
        {
            product = "白沙绿茶", category = "tea", gtin, lot, plotId = plot.GetProperty("id").GetString(), harvestDate = "2026-03-28", quantity, unit,
        });
        Assert.True(s2 == 201, batch.ToString());
        var batchId = batch.GetProperty("id").GetString()!;
        Assert.Equal(201, (await RegistryHost.PostAsync(farmer, $"/api/v1/batches/{batchId}/events", RegistryHost.Event())).Status);
        Assert.Equal(201, (await RegistryHost.PostAsync(farmer, $"/api/v1/batches/{batchId}/lab-results", RegistryHost.Lab())).Status);
        return (producerId, farmer, batchId, batch.GetProperty("gtin").GetString()!, lot);
    }

    /// <summary>Issues codes and returns the parsed JSON answer (fails the test unless 201).</summary>
    public static async Task<JsonElement> IssueAsync(HttpClient client, string batchId, int count, double? itemQuantity = null)
    {
        var (status, body) = await RegistryHost.PostAsync(client, $"/api/v1/batches/{batchId}/items", new { count, itemQuantity });
        Assert.True(status == 201, body.ToString());
        return body;
    }

    /// <summary>GETs <paramref name="url"/> with an Accept header (and optional extra headers), returning the response for the caller to dispose.</summary>
    public static Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string accept = "application/json", params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return client.SendAsync(request, Ct);
    }

    /// <summary>The resolver's JSON answer for a link path: status code and body.</summary>
    public static async Task<(int Status, JsonElement Body)> ResolveAsync(HttpClient client, string path, params (string Name, string Value)[] headers)
    {
        using var response = await GetAsync(client, path, "application/json", headers);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Resolves (signed in, so nothing is logged) until the status is <paramref name="status"/>.</summary>
    public static async Task<JsonElement> WaitForStatusAsync(HttpClient client, string link, string status, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var (_, view) = await ResolveAsync(client, link);
            if (view.ValueKind == JsonValueKind.Object && view.TryGetProperty("status", out var s) && s.GetString() == status)
            {
                return view;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{link} still answers {view} after {seconds} s, expected {status}");
            await Task.Delay(100, Ct);
        }
    }

    /// <summary>The path of a full link the API returned (resolved against the test host whatever its base).</summary>
    public static string PathOf(string link) => new Uri(link).PathAndQuery;
}
