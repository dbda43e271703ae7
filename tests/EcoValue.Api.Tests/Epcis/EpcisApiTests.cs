using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EcoValue.Api.Tests.Registry;
using EcoValue.Domain.Epcis;
using EcoValue.Testing;
using static EcoValue.Api.Tests.Registry.RegistryHost;

namespace EcoValue.Api.Tests.Epcis;

/// <summary>EPCIS 2.0 through HTTP: the GS1 examples captured (or refused precisely), exports valid against the GS1 schema.</summary>
public sealed class EpcisApiTests(RegistryHost fixture) : IClassFixture<RegistryHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Examples => new(
        "Example_9.6.1-ObjectEvent.jsonld", "Example_9.6.1-ObjectEventWithDigitalLink.jsonld", "Example_9.6.2-ObjectEvent.jsonld",
        "Example_9.6.3-AggregationEvent.jsonld", "Example_9.6.4-TransformationEvent.jsonld", "Example_9.6.4-TransformationEventWithDigitalLink.jsonld",
        "SensorDataExample1.jsonld", "object_event_all_possible_fields.jsonld", "transformation_event_all_possible_fields.jsonld");

    private static async Task<(int Status, JsonElement Body)> CaptureAsync(HttpClient client, byte[] document)
    {
        using var content = new ByteArrayContent(document);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/ld+json");
        using var response = await client.PostAsync("/epcis/capture", content, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>
    /// Each GS1 example: the batches (GTIN + lot) it names are registered for a fresh farmer, then it is captured. An
    /// example that names at least one lot is accepted, every event filed under its batches; one whose events name
    /// only serial items (no lot) is refused with epcis.scope.no_batch at the first such event's path.
    /// </summary>
    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Gs1Example_isCaptured_orRefusedWithAPreciseReason(string file)
    {
        var bytes = await File.ReadAllBytesAsync(Requirements.Vector("epcis/" + file), Ct);
        var parsed = EpcisDocumentParser.Parse(bytes);

        // A host of its own: several examples name the same GTIN and lot, and a GTIN + lot names one batch per database.
        var own = new RegistryHost();
        await own.InitializeAsync();
        await using var cleanup = own;
        var (producer, farmer) = await own.NewFarmerAsync();
        using var lease = farmer;
        var (plotStatus, plot) = await PostAsync(farmer, $"/api/v1/producers/{producer}/plots", Plot());
        Assert.Equal(201, plotStatus);
        var keys = parsed.Events.SelectMany(e => e.Identifiers())
            .Where(i => i.Kind == EpcisIdentifierKind.ProductClass && i.Lot is not null).Select(i => (i.Gtin!, i.Lot!)).Distinct().ToList();
        foreach (var (gtin, lot) in keys)
        {
            var (s, b) = await PostAsync(farmer, "/api/v1/batches", Batch(plot.GetProperty("id").GetString()!, lot, gtin));
            Assert.True(s == 201, $"{file}: registering batch {gtin}/{lot} answered {s}: {b}");
        }

        var (status, body) = await CaptureAsync(farmer, bytes);
        var unfiled = parsed.Events.Select((e, i) => (e, i)).Where(x => !x.e.Identifiers().Any(id => id.Kind == EpcisIdentifierKind.ProductClass && id.Lot is not null)).ToList();
        if (unfiled.Count == 0)
        {
            Assert.True(status == 201, $"{file} answered {status}: {body}");
            Assert.Equal(parsed.Events.Count, body.GetProperty("events").GetInt32());
            Assert.True(body.GetProperty("fieldEvents").GetArrayLength() >= parsed.Events.Count);
        }
        else
        {
            Assert.True(status == 400, $"{file} answered {status}: {body}");
            var path = $"epcisBody.eventList[{unfiled[0].i}]";
            Assert.Equal("epcis.scope.no_batch", body.GetProperty("codes").GetProperty(path)[0].GetString());
            Assert.Contains("lot", body.GetProperty("errors").GetProperty(path)[0].GetString(), StringComparison.Ordinal);

            // Nothing was filed: capture is all or none.
            var (_, events) = await GetAsync(farmer, "/epcis/events");
            Assert.Empty(events.GetProperty("epcisBody").GetProperty("eventList").EnumerateArray());
        }
    }

    [Fact]
    public async Task Capture_toAnotherFarmersBatch_isRefused_andTwiceIs409()
    {
        var (producerA, farmerA) = await fixture.NewFarmerAsync();
        var (_, farmerB) = await fixture.NewFarmerAsync();
        using var a = farmerA;
        using var b = farmerB;
        var (_, batch, _, _) = await SeedAsync(farmerA, producerA, "EPC-A1");
        var (_, row) = await GetAsync(farmerA, $"/api/v1/batches/{batch}");
        var document = Document(row.GetProperty("gtin").GetString()!, "EPC-A1", "urn:uuid:6f1b2c9e-1111-4d2a-9a3e-000000000001");

        var (refused, problem) = await CaptureAsync(farmerB, document);
        Assert.Equal(400, refused);
        Assert.Equal("epcis.batch_not_found", problem.GetProperty("codes").GetProperty("epcisBody.eventList[0]")[0].GetString());

        var (ok, captured) = await CaptureAsync(farmerA, document);
        Assert.True(ok == 201, captured.ToString());
        var fieldEvent = captured.GetProperty("fieldEvents")[0];
        Assert.Equal(batch, fieldEvent.GetProperty("batchId").GetString());
        var (_, ev) = await GetAsync(farmerA, $"/api/v1/batches/{batch}/events/{fieldEvent.GetProperty("fieldEventId").GetString()}");
        Assert.Equal("harvest", ev.GetProperty("kind").GetString());
        Assert.Equal("epcis", ev.GetProperty("source").GetString());
        Assert.Equal("+08:00", ev.GetProperty("timeZone").GetString());

        var (again, conflict) = await CaptureAsync(farmerA, document);
        Assert.Equal(409, again);
        Assert.Equal("https://ecovalue.dev/problems/conflict-epcis-event-id", conflict.GetProperty("type").GetString());
    }

    [Fact]
    public async Task AnEventTooLargeForOneRecord_isBadInput_andNothingOfTheDocumentIsFiled()
    {
        var (producer, farmer) = await fixture.NewFarmerAsync();
        using var lease = farmer;
        var (_, batch, _, _) = await SeedAsync(farmer, producer, "BIG-1");
        var (_, row) = await GetAsync(farmer, $"/api/v1/batches/{batch}");
        var gtin = row.GetProperty("gtin").GetString()!;
        string Event(string id, string note) => $$"""
            { "type": "ObjectEvent", "eventID": "{{id}}", "action": "OBSERVE", "bizStep": "storing",
              "eventTime": "2026-03-28T08:00:00+08:00", "eventTimeZoneOffset": "+08:00", "example:note": "{{note}}",
              "quantityList": [ { "epcClass": "https://id.gs1.org/01/{{gtin}}/10/BIG-1", "quantity": 1, "uom": "KGM" } ] }
            """;
        byte[] Document(params string[] events) => Encoding.UTF8.GetBytes($$"""
            { "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld", { "example": "https://ns.example.com/epcis/" }],
              "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2026-03-28T10:00:00+08:00",
              "epcisBody": { "eventList": [ {{string.Join(",", events)}} ] } }
            """);
        var small = Event("urn:uuid:6f1b2c9e-3333-4d2a-9a3e-000000000001", "fine");
        var huge = Event("urn:uuid:6f1b2c9e-3333-4d2a-9a3e-000000000002", new string('x', 70_000));

        // The second event's record would be over the 64 KiB limit: a 400 naming the limit, not a 500.
        var (status, problem) = await CaptureAsync(farmer, Document(small, huge));
        Assert.True(status == 400, problem.ToString());
        Assert.Contains("65536", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // All or none: the small event was not filed, so capturing it alone now succeeds (no 409).
        var (alone, _) = await CaptureAsync(farmer, Document(small));
        Assert.Equal(201, alone);
    }

    [Fact]
    public async Task MalformedDocument_isRefusedWithPaths_andWrongMediaTypeIs415()
    {
        var (_, farmer) = await fixture.NewFarmerAsync();
        using var lease = farmer;
        var (status, problem) = await CaptureAsync(farmer, Encoding.UTF8.GetBytes("""{"type":"EPCISDocument","schemaVersion":"2.0","@context":["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"],"creationDate":"2026-01-01T00:00:00Z","epcisBody":{"eventList":[{"type":"ObjectEvent","action":"ADD"}]}}"""));
        Assert.Equal(400, status);
        Assert.Contains(problem.GetProperty("errors").EnumerateObject(), e => e.Name.StartsWith("epcisBody.eventList[0]", StringComparison.Ordinal));

        using var text = new StringContent("{}", Encoding.UTF8, "text/plain");
        using var response = await farmer.PostAsync("/epcis/capture", text, Ct);
        Assert.Equal(415, (int)response.StatusCode);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Dossier_andEventsFeed_validateAgainstTheGs1Schema()
    {
        var (producer, farmer) = await fixture.NewFarmerAsync();
        using var lease = farmer;
        var (_, batch, _, _) = await SeedAsync(farmer, producer, "DOSSIER-1");
        await PostAsync(farmer, $"/api/v1/batches/{batch}/events", new { kind = "harvest", occurredAt = "2026-03-28T07:00:00+08:00", place = "元门乡 <茶园> & \"1\"", quantity = 410, unit = "kg", notes = "一芽一叶 \u202Eevil" });
        await PostAsync(farmer, $"/api/v1/batches/{batch}/events", new { kind = "shipping", occurredAt = "2026-04-05T09:00:00+08:00", place = "海口港" });
        var (_, row) = await GetAsync(farmer, $"/api/v1/batches/{batch}");
        var (captured, _) = await CaptureAsync(farmer, Document(row.GetProperty("gtin").GetString()!, "DOSSIER-1", "urn:uuid:6f1b2c9e-2222-4d2a-9a3e-000000000002"));
        Assert.Equal(201, captured);

        using var dossier = await farmer.GetAsync($"/api/v1/batches/{batch}/dossier?format=epcis", Ct);
        Assert.Equal("application/ld+json", dossier.Content.Headers.ContentType?.MediaType);
        var dossierBytes = await dossier.Content.ReadAsByteArrayAsync(Ct);
        var exported = EpcisDocumentParser.Parse(dossierBytes);
        Assert.Equal(4, exported.Events.Count);
        Assert.Equal(["input_applied", "harvesting", "harvesting", "shipping"], exported.Events.Select(e => e.BizStep));

        using var feed = await farmer.GetAsync("/epcis/events?limit=2", Ct);
        Assert.Contains("rel=\"next\"", feed.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
        var feedBytes = await feed.Content.ReadAsByteArrayAsync(Ct);

        var folder = Directory.CreateTempSubdirectory("epcis-api-");
        try
        {
            var files = new[] { ("dossier.jsonld", dossierBytes), ("feed.jsonld", feedBytes) }.Select(f =>
            {
                var path = Path.Combine(folder.FullName, f.Item1);
                File.WriteAllBytes(path, f.Item2);
                return path;
            }).ToList();
            var node = Requirements.Node();
            Requirements.TestToolPackage("ajv");
            var output = await ToolProcess.RunAsync(node, new[] { Path.Combine(RepoPaths.Root, "tests", "js", "epcis-validate.mjs"), Requirements.Vector("epcis/EPCIS-JSON-Schema.json") }.Concat(files), timeout: TimeSpan.FromMinutes(2), ct: Ct);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, lines.Length);
            foreach (var line in lines)
            {
                using var result = JsonDocument.Parse(line);
                Assert.True(result.RootElement.GetProperty("valid").GetBoolean(), line);
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        var (badFormat, problem) = await GetAsync(farmer, $"/api/v1/batches/{batch}/dossier?format=docx");
        Assert.Equal(400, badFormat);
        Assert.True(problem.GetProperty("errors").TryGetProperty("format", out _));
    }

    /// <summary>A one-event document: the harvest of a lot, named by Digital Link.</summary>
    private static byte[] Document(string gtin, string lot, string eventId) => Encoding.UTF8.GetBytes($$"""
        {
          "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"],
          "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2026-03-28T10:00:00+08:00",
          "epcisBody": { "eventList": [ {
            "type": "ObjectEvent", "eventID": "{{eventId}}", "action": "OBSERVE", "bizStep": "harvesting",
            "eventTime": "2026-03-28T08:00:00+08:00", "eventTimeZoneOffset": "+08:00",
            "quantityList": [ { "epcClass": "https://id.gs1.org/01/{{gtin}}/10/{{lot}}", "quantity": 12.5, "uom": "KGM" } ]
          } ] }
        }
        """);
}
