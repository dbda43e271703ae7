using System.Text.Json.Nodes;
using EcoValue.Api.Features.Certification;
using EcoValue.Domain.Registry;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace EcoValue.Api.Features.OpenApi;

/// <summary>
/// The OpenAPI 3.1 document at /openapi/v1.json (ASP.NET Core's generator: every mapped route appears without a
/// hand-kept list) with the bearer scheme declared and an example for every request body, and a browsable reference
/// at /docs (Scalar).
/// </summary>
public static class OpenApiSetup
{
    public static IServiceCollection AddEcoValueOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "EcoValue API",
                    Version = "v1",
                    Description = "Eco-product traceability and public-brand certification: registry, EPCIS 2.0 capture, proofs anchored on an EVM chain. "
                        + "Errors are RFC 9457 problem+json (zh or en by Accept-Language). Authenticate with POST /api/v1/auth/token and send 'Authorization: Bearer <accessToken>'.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "Access token from POST /api/v1/auth/token (10 minutes; renew with POST /api/v1/auth/refresh).",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                // Routes that require authorisation say so, so clients and the reference UI send the token.
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Any() && !metadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any())
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", context.Document)] = [] });
                }

                return Task.CompletedTask;
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                if (OpenApiExamples.ByType.TryGetValue(context.JsonTypeInfo.Type, out var example))
                {
                    schema.Examples = [example.DeepClone()];
                }

                return Task.CompletedTask;
            });
        });

    public static IEndpointRouteBuilder MapEcoValueOpenApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/docs", o => o.WithTitle("EcoValue API").WithOpenApiRoutePattern("/openapi/{documentName}.json")).AllowAnonymous();
        return app;
    }
}

/// <summary>Examples shown in the OpenAPI document for request bodies: realistic Hainan data, valid as written.</summary>
public static class OpenApiExamples
{
    public static IReadOnlyDictionary<Type, JsonNode> ByType { get; } = new Dictionary<Type, JsonNode>
    {
        [typeof(ProducerInput)] = new JsonObject
        {
            ["name"] = "白沙绿茶专业合作社", ["creditCode"] = "93469025MA5T7C1X0D", ["regionCode"] = "469025",
            ["contact"] = new JsonObject { ["name"] = "符小明", ["phone"] = "+86 898 2772 0000", ["email"] = "coop@example.cn" },
        },
        [typeof(PlotInput)] = new JsonObject
        {
            ["name"] = "元门乡 1 号茶园", ["regionCode"] = "469025", ["areaMu"] = 32.5,
            ["location"] = new JsonObject { ["latitude"] = 19.2241, ["longitude"] = 109.4529 },
        },
        [typeof(BatchInput)] = new JsonObject
        {
            ["product"] = "白沙绿茶 (Baisha green tea)", ["category"] = "tea", ["gtin"] = "6901234567892", ["lot"] = "BS2026SPRING",
            ["plotId"] = "0196f0c2-7a10-7cc1-9a35-2f1d5c6b8e01", ["harvestDate"] = "2026-03-28", ["quantity"] = 410, ["unit"] = "kg",
        },
        [typeof(FieldEventInput)] = new JsonObject
        {
            ["kind"] = "input-applied", ["occurredAt"] = "2026-03-02T08:30:00+08:00", ["place"] = "元门乡 1 号茶园", ["regionCode"] = "469025",
            ["actor"] = "符小明", ["input"] = new JsonObject { ["product"] = "苦参碱 0.3% 水剂", ["activeIngredient"] = "matrine", ["dose"] = 120, ["doseUnit"] = "mL/mu", ["target"] = "茶小绿叶蝉" },
            ["notes"] = "sprayed at dawn, no rain forecast",
        },
        [typeof(LabResultInput)] = new JsonObject
        {
            ["lab"] = "海南省农产品质量安全检测中心", ["reportNumber"] = "HN-2026-04-0117", ["sampleDate"] = "2026-04-01",
            ["analytes"] = new JsonArray(
                new JsonObject { ["name"] = "chlorpyrifos", ["value"] = 0, ["unit"] = "mg/kg", ["detectionLimit"] = 0.01, ["method"] = "GB 23200.113-2018" },
                new JsonObject { ["name"] = "lead (Pb)", ["value"] = 0.32, ["unit"] = "mg/kg", ["detectionLimit"] = 0.02, ["method"] = "GB 5009.12-2023" }),
            ["reportFileHash"] = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        },
        [typeof(EvidenceInput)] = new JsonObject
        {
            ["kind"] = "carbon-footprint-report", ["title"] = "绿橙碳足迹核算报告 2026", ["issuedOn"] = "2026-10-08", ["validUntil"] = "2027-10-07",
            ["fileHash"] = "sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393",
            ["carbon"] = new JsonObject { ["category"] = "tropical-fruit", ["kgCo2ePerKg"] = 0.42, ["basis"] = "ISO 14067:2018, cradle to farm gate" },
        },
        [typeof(BrandInput)] = new JsonObject { ["standardId"] = "baisha-liangshi-tea", ["metadataUri"] = "https://brands.example.cn/baisha-liangshi/standard-1.0.0.json" },
        [typeof(AccreditationInput)] = new JsonObject { ["userId"] = "0196f0c2-7a10-7cc1-9a35-2f1d5c6b8e77" },
        [typeof(ApplicationInput)] = new JsonObject
        {
            ["brandId"] = "baisha-liangshi", ["plots"] = new JsonArray("0196f0c2-7a10-7cc1-9a35-2f1d5c6b8e01"), ["categories"] = new JsonArray("tea"),
            ["notes"] = "元门乡茶园首次申请白沙良食品牌",
        },
        [typeof(DecisionInput)] = new JsonObject { ["decision"] = "approve", ["notes"] = "资料齐全，检测结果均在限量以内" },
        [typeof(StatusChangeInput)] = new JsonObject { ["reason"] = "市场抽检铅含量待复核 (market spot check: lead result under review)" },
        [typeof(BrandClaimInput)] = new JsonObject { ["brandId"] = "baisha-liangshi" },
        [typeof(Items.IssueInput)] = new JsonObject { ["count"] = 20_000, ["itemQuantity"] = 0.25 },
        [typeof(Items.WithdrawInput)] = new JsonObject { ["serials"] = new JsonArray("7KQ2M9XA3HDPX"), ["reason"] = "标签印错 (misprinted label)" },
        [typeof(Items.RecallInput)] = new JsonObject { ["reason"] = "市场抽检发现农药残留超标，请停止食用并退货 (pesticide residue over the limit at a spot check)" },
    };
}
