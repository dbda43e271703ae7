using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EcoValue.Api.Tests.Auth;
using EcoValue.Data.Accounts;
using static EcoValue.Api.Tests.Certification.CertificationHost;

namespace EcoValue.Api.Tests.Certification;

/// <summary>
/// Who may do what (docs/certification-workflow.md, "Scope and authorisation"): 401 without a token, 403 for a role
/// or a brand the caller may not act for, 404 for what is not the caller's to see; and bad input as problem+json with
/// field errors in English or Chinese.
/// </summary>
public sealed class CertificationSecurityTests(CertificationHost fixture) : IClassFixture<CertificationHost>
{
    private const string GreenStandard = "hainan-green-low-carbon";

    private static readonly string[] TeaOnly = ["tea"];
    private static readonly string[] BadCategory = ["Tea!"];
    private static readonly string[] CoffeeOnly = ["coffee"];
    private static readonly string[] NoSuchPlot = ["no-such-plot"];

    [Fact]
    public async Task ACertifierOfAnotherBrand_is403OnDecisionAndStatusChanges_andSees404_aFarmerSees404ForAnotherProducers()
    {
        await fixture.EnsureBrandAsync(GreenStandard, GreenStandard);
        using var baisha = await fixture.NewCertifierAsync(Baisha);
        using var green = await fixture.NewCertifierAsync(GreenStandard);
        var (producerId, farmer) = await fixture.NewProducerAsync();
        using var lease = farmer;
        var (_, stranger) = await fixture.NewProducerAsync("陵水圣女果合作社");
        using var lease2 = stranger;
        var (plot, batch) = await SeedAsync(farmer, producerId);
        var applicationId = await ApplyAsync(farmer, Baisha, plot);

        // Another producer's farmer: not found, whatever it tries.
        Assert.Equal(404, (await GetAsync(stranger, $"/api/v1/applications/{applicationId}")).Status);
        Assert.Equal(404, (await GetAsync(stranger, $"/api/v1/applications/{applicationId}/evaluation")).Status);
        Assert.DoesNotContain((await GetAsync(stranger, "/api/v1/applications")).Body.GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetString() == applicationId);

        // A certifier of another brand does not see it, and may not decide it although it knows the id.
        Assert.Equal(404, (await GetAsync(green, $"/api/v1/applications/{applicationId}")).Status);
        var (forbidden, problem) = await PostAsync(green, $"/api/v1/applications/{applicationId}/decision", new { decision = "approve" });
        Assert.Equal(403, forbidden);
        Assert.Equal("https://ecovalue.dev/problems/not-accredited", problem.GetProperty("type").GetString());

        // Only certifiers decide: the applicant and the admin are refused by role.
        Assert.Equal(403, (await PostAsync(farmer, $"/api/v1/applications/{applicationId}/decision", new { decision = "approve" })).Status);
        Assert.Equal(403, (await PostAsync(fixture.Admin, $"/api/v1/applications/{applicationId}/decision", new { decision = "approve" })).Status);
        Assert.Equal("submitted", (await GetAsync(farmer, $"/api/v1/applications/{applicationId}")).Body.GetProperty("status").GetString());

        var licenceId = await ApproveAsync(baisha, applicationId);
        await WaitForChainAsync(baisha, $"/api/v1/licences/{licenceId}", d => d.GetProperty("licence").GetProperty("chain"));
        foreach (var action in new[] { "suspend", "revoke" })
        {
            var (status, body) = await PostAsync(green, $"/api/v1/licences/{licenceId}/{action}", new { reason = "not mine to change" });
            Assert.True(status == 403, body.ToString());
        }

        Assert.Equal(404, (await GetAsync(green, $"/api/v1/licences/{licenceId}")).Status);
        Assert.Equal(404, (await GetAsync(stranger, $"/api/v1/licences/{licenceId}")).Status);
        Assert.Equal(200, (await GetAsync(farmer, $"/api/v1/licences/{licenceId}")).Status);
        Assert.Equal(200, (await GetAsync(fixture.Admin, $"/api/v1/licences/{licenceId}")).Status);
        Assert.Equal("active", (await GetAsync(baisha, $"/api/v1/licences/{licenceId}")).Body.GetProperty("licence").GetProperty("status").GetString());
        Assert.Equal(404, (await PostAsync(stranger, $"/api/v1/batches/{batch}/brand", new { brandId = Baisha })).Status);
        Assert.Equal(404, (await GetAsync(stranger, $"/api/v1/producers/{producerId}/evidence")).Status);
        Assert.Equal(404, (await PostAsync(stranger, $"/api/v1/producers/{producerId}/evidence", new { kind = "input-log", title = "x" })).Status);

        // A buyer reads none of it.
        using var buyer = await fixture.Host.ClientForAsync(Roles.Buyer, ct: Ct);
        Assert.Equal(403, (await GetAsync(buyer, $"/api/v1/licences/{licenceId}")).Status);
        Assert.Equal(403, (await GetAsync(buyer, "/api/v1/applications")).Status);
    }

    [Fact]
    public async Task WithoutAToken_writesAndReadsAre401_butBrandsAndVerifyArePublic()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Host.Client.BaseAddress };
        foreach (var (method, url) in new[]
        {
            ("POST", "/api/v1/brands"), ("POST", $"/api/v1/brands/{Baisha}/certifiers"), ("GET", "/api/v1/applications"), ("POST", "/api/v1/applications"),
            ("GET", "/api/v1/applications/x/evaluation"), ("POST", "/api/v1/applications/x/decision"), ("GET", "/api/v1/licences"), ("GET", "/api/v1/licences/x"),
            ("POST", "/api/v1/licences/x/revoke"), ("POST", "/api/v1/batches/x/brand"), ("GET", "/api/v1/producers/x/evidence"),
        })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = method == "POST" ? JsonContent.Create(new { }) : null };
            using var response = await anonymous.SendAsync(request, Ct);
            await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        }

        var (listed, brands) = await GetAsync(anonymous, "/api/v1/brands");
        Assert.Equal(200, listed);
        var brand = brands.GetProperty("items").EnumerateArray().Single(b => b.GetProperty("id").GetString() == Baisha);
        Assert.Equal("白沙良食", brand.GetProperty("name").GetProperty("zh").GetString());
        Assert.Equal("confirmed", brand.GetProperty("chain").GetProperty("status").GetString());
        Assert.Equal(404, (await GetAsync(anonymous, "/api/v1/licences/00000000-0000-7000-8000-000000000000/verify")).Status);
    }

    [Fact]
    public async Task BadInput_isA400WithFieldErrors_inEnglishOrChinese_andWritesNothing()
    {
        var (producerId, farmer) = await fixture.NewProducerAsync();
        using var lease = farmer;
        using var certifier = await fixture.NewCertifierAsync(Baisha);

        var (status, problem) = await PostAsync(farmer, "/api/v1/applications", new { brandId = "", plots = Array.Empty<string>(), categories = BadCategory });
        Assert.Equal(400, status);
        Assert.Equal("https://ecovalue.dev/problems/validation", problem.GetProperty("type").GetString());
        Assert.Equal(["brandId", "categories[0]", "plots"], ProblemAssert.ErrorFields(problem));
        var (_, zh) = await PostAsync(farmer, "/api/v1/applications", new { brandId = "", plots = Array.Empty<string>(), categories = TeaOnly }, "zh-CN");
        Assert.Equal("必填", zh.GetProperty("errors").GetProperty("brandId")[0].GetString());
        Assert.Equal("输入无效", zh.GetProperty("title").GetString());

        (status, problem) = await PostAsync(farmer, "/api/v1/applications", new { brandId = "no-such-brand", plots = NoSuchPlot, categories = TeaOnly });
        Assert.Equal(400, status);
        Assert.Equal(["brandId", "plots[0]"], ProblemAssert.ErrorFields(problem));
        Assert.Equal("brand.unknown", problem.GetProperty("codes").GetProperty("brandId")[0].GetString());

        var (plot, _) = await SeedAsync(farmer, producerId);
        (status, problem) = await PostAsync(farmer, "/api/v1/applications", new { brandId = Baisha, plots = new[] { plot, plot }, categories = TeaOnly });
        Assert.Equal(400, status);
        Assert.Equal(["plots[1]"], ProblemAssert.ErrorFields(problem));
        Assert.Equal("duplicate", problem.GetProperty("codes").GetProperty("plots[1]")[0].GetString());
        (status, problem) = await PostAsync(farmer, "/api/v1/applications", new { brandId = Baisha, plots = new[] { plot }, categories = CoffeeOnly });
        Assert.Equal(400, status);
        Assert.Equal(["categories[0]"], ProblemAssert.ErrorFields(problem));
        Assert.Equal("category.scope", problem.GetProperty("codes").GetProperty("categories[0]")[0].GetString());
        Assert.Empty((await GetAsync(farmer, "/api/v1/applications")).Body.GetProperty("items").EnumerateArray());

        var applicationId = await ApplyAsync(farmer, Baisha, plot);
        (status, problem) = await PostAsync(certifier, $"/api/v1/applications/{applicationId}/decision", new { decision = "maybe" });
        Assert.Equal(400, status);
        Assert.Equal(["decision"], ProblemAssert.ErrorFields(problem));
        (status, problem) = await PostAsync(certifier, $"/api/v1/applications/{applicationId}/decision", new { decision = "reject" });
        Assert.Equal(["notes"], ProblemAssert.ErrorFields(problem));
        var licenceId = await ApproveAsync(certifier, applicationId);
        (status, problem) = await PostAsync(certifier, $"/api/v1/licences/{licenceId}/suspend", new { reason = "" });
        Assert.Equal(400, status);
        Assert.Equal(["reason"], ProblemAssert.ErrorFields(problem));
        (status, problem) = await PostAsync(certifier, $"/api/v1/licences/{licenceId}/reinstate", new { reason = "not suspended" });
        Assert.True(status == 409, problem.ToString());

        (status, problem) = await PostAsync(fixture.Admin, "/api/v1/brands", new { standardId = "no-such-standard", metadataUri = "not a uri" });
        Assert.Equal(["metadataUri"], ProblemAssert.ErrorFields(problem));
        (status, problem) = await PostAsync(fixture.Admin, "/api/v1/brands", new { standardId = "no-such-standard" });
        Assert.Equal(["standardId"], ProblemAssert.ErrorFields(problem));
        (status, problem) = await PostAsync(fixture.Admin, $"/api/v1/brands/{Baisha}/certifiers", new { userId = farmer.UserId });
        Assert.Equal(["userId"], ProblemAssert.ErrorFields(problem));
        Assert.Equal(404, (await PostAsync(fixture.Admin, "/api/v1/brands/no-such-brand/certifiers", new { userId = certifier.UserId })).Status);

        (status, problem) = await PostAsync(farmer, $"/api/v1/producers/{producerId}/evidence", new { kind = "Business Licence", title = "", issuedOn = "2026-13-01", fileHash = "md5:abc", carbon = new { category = "tea", kgCo2ePerKg = -1 } });
        Assert.Equal(400, status);
        Assert.Equal(["carbon.kgCo2ePerKg", "fileHash", "issuedOn", "kind", "title"], ProblemAssert.ErrorFields(problem));
        (status, problem) = await PostAsync(farmer, $"/api/v1/producers/{producerId}/evidence", new { kind = "input-log", title = "投入品记录", carbon = new { category = "tea", kgCo2ePerKg = 1.2 } });
        Assert.Equal(["carbon"], ProblemAssert.ErrorFields(problem));

        // A producer that is not approved may not apply.
        var (rejectedId, rejected) = await fixture.NewProducerAsync("资料不全的合作社");
        using (rejected)
        {
            Assert.Equal(200, (await PostAsync(fixture.Admin, $"/api/v1/producers/{rejectedId}/reject", new { reason = "资料不全" })).Status);
            (status, problem) = await PostAsync(rejected, "/api/v1/applications", new { brandId = Baisha, plots = NoSuchPlot, categories = TeaOnly });
            Assert.True(status == 422, problem.ToString());
            Assert.Equal("https://ecovalue.dev/problems/producer-not-approved", problem.GetProperty("type").GetString());
        }

        Assert.Equal(["limit"], ProblemAssert.ErrorFields((await GetAsync(farmer, "/api/v1/applications?limit=0")).Body));
        Assert.Equal(["status"], ProblemAssert.ErrorFields((await GetAsync(farmer, "/api/v1/licences?status=lost")).Body));
    }

    [Fact]
    public async Task Lists_arePagedAndFiltered_withinTheCallersScope()
    {
        var (producerId, farmer) = await fixture.NewProducerAsync();
        using var lease = farmer;
        var (plot, _) = await SeedAsync(farmer, producerId);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await ApplyAsync(farmer, Baisha, plot));
        }

        var (_, page1) = await GetAsync(farmer, "/api/v1/applications?limit=2");
        Assert.Equal(ids.Take(2), page1.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetString()));
        var next = page1.GetProperty("next").GetString();
        var (_, page2) = await GetAsync(farmer, $"/api/v1/applications?limit=2&after={next}");
        Assert.Equal(ids.Skip(2), page2.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetString()));
        Assert.Equal(JsonValueKind.Null, page2.GetProperty("next").ValueKind);
        Assert.Empty((await GetAsync(farmer, "/api/v1/applications?status=approved")).Body.GetProperty("items").EnumerateArray());
        Assert.Equal(3, (await GetAsync(farmer, $"/api/v1/applications?status=submitted&brandId={Baisha}")).Body.GetProperty("items").GetArrayLength());

        var (_, evidence) = await GetAsync(farmer, $"/api/v1/producers/{producerId}/evidence?kind=input-log");
        Assert.Equal("投入品使用记录", Assert.Single(evidence.GetProperty("items").EnumerateArray()).GetProperty("title").GetString());
    }
}
