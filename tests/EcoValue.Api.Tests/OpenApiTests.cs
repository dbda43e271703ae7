using System.Text.Json;
using EcoValue.Api.Features.Certification;
using EcoValue.Api.Features.OpenApi;
using EcoValue.Domain.Registry;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EcoValue.Api.Tests;

public sealed class OpenApiTests
{
    private static readonly Uri NoChain = new("http://127.0.0.1:9");

    [Fact]
    public async Task OpenApiDocument_coversEveryMappedRoute()
    {
        await using var host = await ApiHost.StartAsync(NoChain);
        using var doc = JsonDocument.Parse(await host.Client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));
        var paths = doc.RootElement.GetProperty("paths");

        var endpoints = host.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>().ToList();

        // Only HTML pages (home, portal, reference UI) may stay out of the description; every API route is in it.
        static bool Excluded(RouteEndpoint e) => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is { ExcludeFromDescription: true };
        var hiddenApi = endpoints.Where(Excluded).Select(e => e.RoutePattern.RawText!).Where(r => r.StartsWith("/api", StringComparison.Ordinal) || r.StartsWith("/epcis", StringComparison.Ordinal)).ToList();
        Assert.True(hiddenApi.Count == 0, "API routes excluded from the description: " + string.Join(", ", hiddenApi));
        var routes = endpoints.Where(e => !Excluded(e)).Select(e => e.RoutePattern.RawText!)
            .Where(r => !r.StartsWith("/openapi", StringComparison.Ordinal) && !r.StartsWith("/docs", StringComparison.Ordinal))
            .Select(r => "/" + r.TrimStart('/').TrimEnd('/'))
            .Distinct()
            .ToList();
        Assert.NotEmpty(routes);
        var documented = paths.EnumerateObject().Select(p => p.Name.TrimEnd('/')).ToHashSet();
        var missing = routes.Where(r => !documented.Contains(r == "/" ? string.Empty : r) && !documented.Contains(r)).ToList();
        Assert.True(missing.Count == 0, "routes missing from /openapi/v1.json: " + string.Join(", ", missing));
        Assert.Contains("/api/v1/batches/{batchId}/events", documented);
        foreach (var route in new[] { "/api/v1/brands", "/api/v1/brands/{id}/certifiers", "/api/v1/applications/{id}/evaluation", "/api/v1/applications/{id}/decision", "/api/v1/licences/{id}/revoke", "/api/v1/licences/{id}/verify", "/api/v1/batches/{batchId}/brand", "/api/v1/producers/{producerId}/evidence", "/api/v1/batches/{batchId}/items", "/api/v1/batches/{batchId}/items/withdraw", "/api/v1/batches/{batchId}/labels", "/api/v1/batches/{batchId}/recall", "/api/v1/verify", "/api/v1/catalogue" })
        {
            Assert.Contains(route, documented);
        }

        Assert.Equal("bearer", doc.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
    }

    [Theory]
    [InlineData("ProducerInput")]
    [InlineData("PlotInput")]
    [InlineData("BatchInput")]
    [InlineData("FieldEventInput")]
    [InlineData("LabResultInput")]
    [InlineData("EvidenceInput")]
    [InlineData("BrandInput")]
    [InlineData("AccreditationInput")]
    [InlineData("ApplicationInput")]
    [InlineData("DecisionInput")]
    [InlineData("StatusChangeInput")]
    [InlineData("BrandClaimInput")]
    [InlineData("IssueInput")]
    [InlineData("WithdrawInput")]
    [InlineData("RecallInput")]
    public async Task OpenApiDocument_requestSchemaHasExample(string schema)
    {
        await using var host = await ApiHost.StartAsync(NoChain);
        using var doc = JsonDocument.Parse(await host.Client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));
        var examples = doc.RootElement.GetProperty("components").GetProperty("schemas").GetProperty(schema).GetProperty("examples");
        Assert.Equal(JsonValueKind.Object, examples[0].ValueKind);
    }

    [Fact]
    public void Examples_areValidInputs()
    {
        var web = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var today = new DateOnly(2026, 11, 23);
        T Read<T>() => OpenApiExamples.ByType[typeof(T)].Deserialize<T>(web)!;
        ProducerFacts.Validate(Read<ProducerInput>());
        PlotFacts.Validate(Read<PlotInput>());
        Assert.Equal("06901234567892", BatchFacts.Validate(Read<BatchInput>(), today).Gtin);
        FieldEventFacts.Validate(Read<FieldEventInput>(), new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));
        LabResultFacts.Validate(Read<LabResultInput>(), today);
        Assert.Equal(0.42, EvidenceFacts.Validate(Read<EvidenceInput>(), today).Carbon!.KgCo2ePerKg);
        Assert.Equal("baisha-liangshi-tea", Read<BrandInput>().Validate().StandardId);
        Read<AccreditationInput>().Validate();
        Assert.Equal(["tea"], Read<ApplicationInput>().Validate().Categories);
        Assert.True(Read<DecisionInput>().Validate().Approve);
        Read<StatusChangeInput>().Validate();
        Read<BrandClaimInput>().Validate();
        Assert.Equal((20_000, 0.25), Read<EcoValue.Api.Features.Items.IssueInput>().Validate("kg"));
        Read<EcoValue.Api.Features.Items.WithdrawInput>().Validate();
        Read<EcoValue.Api.Features.Items.RecallInput>().Validate();
    }
}
