using System.Text.Json;
using EcoValue.Domain.Licences;
using EcoValue.Ethereum;
using static EcoValue.Api.Tests.Certification.CertificationHost;

namespace EcoValue.Api.Tests.Certification;

/// <summary>
/// The certification workflow end to end through HTTP on a real anvil: brand and accreditation on chain, application,
/// evaluation, signed approval relayed to LicenceRegistry, verification against the chain, revocation; a signature
/// the contract refuses; brand claims refused for a batch harvested under suspension and over quota.
/// </summary>
public sealed class CertificationWorkflowTests(CertificationHost fixture) : IClassFixture<CertificationHost>
{
    [Fact]
    public async Task Brand_accreditation_application_approval_licenceOnChain_verified_thenRevokedOnChainAndInVerify()
    {
        // Admin registers a brand with its standard: LicenceRegistry holds the standard's canonical hash.
        var (status, brand) = await PostAsync(fixture.Admin, "/api/v1/brands", new { standardId = RainforestStandard });
        Assert.True(status == 201, brand.ToString());
        Assert.Equal(Rainforest, brand.GetProperty("id").GetString());
        brand = await WaitForChainAsync(fixture.Admin, $"/api/v1/brands/{Rainforest}", b => b.GetProperty("chain"));
        var onChainBrand = await fixture.Registry.BrandAsync(LicenceIds.BrandId(Rainforest), Ct);
        Assert.Equal(brand.GetProperty("standard").GetProperty("hash").GetString(), Hex.Encode(onChainBrand.StandardHash));

        // ... and accredits a certifier, whose own key is made now: the chain accredits that address.
        using var certifier = await fixture.Host.ClientForAsync(Data.Accounts.Roles.Certifier, ct: Ct);
        var (accredited, accreditation) = await PostAsync(fixture.Admin, $"/api/v1/brands/{Rainforest}/certifiers", new { userId = certifier.UserId });
        Assert.True(accredited == 201, accreditation.ToString());
        var certifierAddress = Address.Parse(accreditation.GetProperty("address").GetString()!);
        await WaitForChainAsync(fixture.Admin, $"/api/v1/brands/{Rainforest}/certifiers", l => l.GetProperty("items")[0].GetProperty("chain"));
        Assert.True(await fixture.Registry.IsAccreditedAsync(LicenceIds.BrandId(Rainforest), certifierAddress, Ct));

        // A farmer applies; the certifier reads the evaluation.
        var (producerId, farmer) = await fixture.NewProducerAsync();
        using var lease = farmer;
        var (plot, _) = await SeedAsync(farmer, producerId);
        var applicationId = await ApplyAsync(farmer, Rainforest, plot);
        var (evaluated, evaluation) = await GetAsync(certifier, $"/api/v1/applications/{applicationId}/evaluation");
        Assert.Equal(200, evaluated);
        Assert.True(evaluation.GetProperty("live").GetBoolean());
        var report = evaluation.GetProperty("report");
        Assert.True(report.GetProperty("overall").GetString() == "pass", report.ToString());
        Assert.Equal(RainforestStandard, report.GetProperty("standard").GetProperty("id").GetString());
        Assert.Contains(report.GetProperty("results").EnumerateArray(), r => r.GetProperty("criterion").GetString() == "producer-documents" && r.GetProperty("outcome").GetString() == "pass");

        // Approval issues the licence, relayed to the chain.
        var licenceId = await ApproveAsync(certifier, applicationId);
        var detail = await WaitForChainAsync(certifier, $"/api/v1/licences/{licenceId}", d => d.GetProperty("licence").GetProperty("chain"));
        var licence = detail.GetProperty("licence");
        Assert.Equal("issue-licence", licence.GetProperty("chain").GetProperty("operation").GetString());
        Assert.StartsWith("0x", licence.GetProperty("chain").GetProperty("txHash").GetString(), StringComparison.Ordinal);

        // eth_call: valid now, and the certifier the chain stored is the one recovered from the document's EIP-712 proof.
        var verified = LicenceProof.Verify(detail.GetProperty("credential").GetRawText());
        Assert.Equal(certifierAddress, verified.Certifier);
        var chainId = Hex.Decode(licence.GetProperty("chainId").GetString()!);
        var statusNow = await fixture.Registry.LicenceStatusAsync(chainId, DateTimeOffset.UtcNow, Ct);
        Assert.Equal((LicenceStatus.Active, true), (statusNow.Status, statusNow.ValidAt));
        var stored = await fixture.Registry.LicenceAsync(chainId, Ct);
        Assert.Equal(verified.Certifier, stored.Certifier);
        Assert.Equal(Hex.Encode(verified.DocumentHash), Hex.Encode(stored.DocumentHash));
        Assert.Equal(licence.GetProperty("documentHash").GetString(), Hex.Encode(stored.DocumentHash));
        var quota = Assert.Single(detail.GetProperty("quota").EnumerateArray(), q => q.GetProperty("season").GetString() == Today.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1000, quota.GetProperty("quantityKg").GetDouble()); // 10 mu x 100 kg/mu

        using var anonymous = new HttpClient { BaseAddress = fixture.Host.Client.BaseAddress };
        var (checkedStatus, check) = await GetAsync(anonymous, $"/api/v1/licences/{licenceId}/verify");
        Assert.Equal(200, checkedStatus);
        Assert.Equal("valid", check.GetProperty("verdict").GetString());
        Assert.Equal(certifierAddress.ToString(), check.GetProperty("proof").GetProperty("certifier").GetString());
        Assert.True(check.GetProperty("chain").GetProperty("documentHashMatches").GetBoolean());
        Assert.True(check.GetProperty("chain").GetProperty("certifierMatchesProof").GetBoolean());

        // Revocation: the chain and the verify endpoint both say revoked.
        var (revoked, afterRevoke) = await PostAsync(certifier, $"/api/v1/licences/{licenceId}/revoke", new { reason = "抽检发现铅超标 (spot check: lead over the limit)" });
        Assert.True(revoked == 200, afterRevoke.ToString());
        Assert.Equal("revoked", afterRevoke.GetProperty("licence").GetProperty("status").GetString());
        await WaitForChainAsync(certifier, $"/api/v1/licences/{licenceId}", d => d.GetProperty("licence").GetProperty("chain"));
        var statusAfter = await fixture.Registry.LicenceStatusAsync(chainId, DateTimeOffset.UtcNow, Ct);
        Assert.Equal((LicenceStatus.Revoked, false), (statusAfter.Status, statusAfter.ValidAt));
        (_, check) = await GetAsync(anonymous, $"/api/v1/licences/{licenceId}/verify");
        Assert.Equal("revoked", check.GetProperty("verdict").GetString());
        Assert.Equal("revoked", check.GetProperty("chain").GetProperty("status").GetString());
        Assert.Equal("revoked", check.GetProperty("status").GetString());

        // Every step is a record: the revocation's proof endpoint knows it, by the certifier.
        var (_, final) = await GetAsync(certifier, $"/api/v1/licences/{licenceId}");
        Assert.Equal(["issue", "revoke"], final.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()));
        var (_, proof) = await GetAsync(anonymous, $"/api/v1/records/{final.GetProperty("licence").GetProperty("recordId").GetString()}/proof");
        Assert.Equal("licence-status", proof.GetProperty("envelope").GetProperty("kind").GetString());
        Assert.Equal("user:" + certifier.UserId, proof.GetProperty("envelope").GetProperty("actor").GetString());
    }

    [Fact]
    public async Task ASignatureOfACertifierTheChainDoesNotAccredit_isRefusedByTheContract_andTheOperationFailsWithThatError()
    {
        using var certifier = await fixture.NewCertifierAsync(Baisha);
        var (_, accreditations) = await GetAsync(fixture.Admin, $"/api/v1/brands/{Baisha}/certifiers");
        var address = Address.Parse(accreditations.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("userId").GetString() == certifier.UserId).GetProperty("address").GetString()!);

        // The chain withdraws the accreditation behind the service's back: the service still lets the certifier decide,
        // the certifier signs with its own vault key, and LicenceRegistry is the one that refuses.
        await fixture.AsDeployer.WithdrawAccreditationAsync(LicenceIds.BrandId(Baisha), address, Ct);
        var (producerId, farmer) = await fixture.NewProducerAsync();
        using var lease = farmer;
        var (plot, _) = await SeedAsync(farmer, producerId);
        var licenceId = await ApproveAsync(certifier, await ApplyAsync(farmer, Baisha, plot));

        var detail = await WaitForChainAsync(certifier, $"/api/v1/licences/{licenceId}", d => d.GetProperty("licence").GetProperty("chain"), status: "failed");
        var chain = detail.GetProperty("licence").GetProperty("chain");
        Assert.Equal("CertifierNotAccredited", chain.GetProperty("errorName").GetString());
        Assert.Contains(address.ToString(), chain.GetProperty("error").GetString()!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(JsonValueKind.Null, chain.GetProperty("txHash").ValueKind); // refused by simulation: nothing was sent
        Assert.False((await fixture.Registry.LicenceAsync(Hex.Decode(detail.GetProperty("licence").GetProperty("chainId").GetString()!), Ct)).Exists);

        using var anonymous = new HttpClient { BaseAddress = fixture.Host.Client.BaseAddress };
        var (_, check) = await GetAsync(anonymous, $"/api/v1/licences/{licenceId}/verify");
        Assert.Equal("failed", check.GetProperty("verdict").GetString());
        Assert.True(check.GetProperty("proof").GetProperty("valid").GetBoolean());
        Assert.Equal("none", check.GetProperty("chain").GetProperty("status").GetString());

        // A batch cannot carry the brand under a licence the chain refused.
        var batch = await AddBatchAsync(farmer, producerId, plot, 50);
        var (claimed, problem) = await PostAsync(farmer, $"/api/v1/batches/{batch}/brand", new { brandId = Baisha });
        Assert.Equal(422, claimed);
        Assert.Contains("licence.chain", problem.GetProperty("rules").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task ABatchHarvestedWhileTheLicenceWasSuspended_cannotCarryTheBrand_evenAfterReinstatement()
    {
        using var certifier = await fixture.NewCertifierAsync(Baisha);
        var (producerId, farmer) = await fixture.NewProducerAsync();
        using var lease = farmer;
        var (plot, before) = await SeedAsync(farmer, producerId);
        var licenceId = await ApproveAsync(certifier, await ApplyAsync(farmer, Baisha, plot));
        await WaitForChainAsync(certifier, $"/api/v1/licences/{licenceId}", d => d.GetProperty("licence").GetProperty("chain"));
        var chainId = Hex.Decode((await GetAsync(certifier, $"/api/v1/licences/{licenceId}")).Body.GetProperty("licence").GetProperty("chainId").GetString()!);

        var (suspended, s) = await PostAsync(certifier, $"/api/v1/licences/{licenceId}/suspend", new { reason = "农残抽检待复核 (residue spot check under review)" });
        Assert.True(suspended == 200, s.ToString());
        await WaitForChainAsync(certifier, $"/api/v1/licences/{licenceId}", d => d.GetProperty("licence").GetProperty("chain"));
        Assert.Equal(LicenceStatus.Suspended, (await fixture.Registry.LicenceStatusAsync(chainId, DateTimeOffset.UtcNow, Ct)).Status);

        // Harvested today, while the licence is suspended.
        var harvested = await AddBatchAsync(farmer, producerId, plot, 100);
        var (reinstated, r) = await PostAsync(certifier, $"/api/v1/licences/{licenceId}/reinstate", new { reason = "复检合格 (re-test passed)" });
        Assert.True(reinstated == 200, r.ToString());
        Assert.Equal("active", r.GetProperty("licence").GetProperty("status").GetString());
        await WaitForChainAsync(certifier, $"/api/v1/licences/{licenceId}", d => d.GetProperty("licence").GetProperty("chain"));
        Assert.Equal((LicenceStatus.Active, true), ((await fixture.Registry.LicenceStatusAsync(chainId, DateTimeOffset.UtcNow, Ct)).Status, (await fixture.Registry.LicenceStatusAsync(chainId, DateTimeOffset.UtcNow, Ct)).ValidAt));

        // Active again, yet the batch harvested under suspension is refused, naming the rule, in the caller's language.
        var (claimed, problem) = await PostAsync(farmer, $"/api/v1/batches/{harvested}/brand", new { brandId = Baisha });
        Assert.Equal(422, claimed);
        Assert.Equal("https://ecovalue.dev/problems/brand-claim-refused", problem.GetProperty("type").GetString());
        Assert.Equal(["licence.suspended"], problem.GetProperty("rules").EnumerateArray().Select(x => x.GetString()));
        var (_, zh) = await PostAsync(farmer, $"/api/v1/batches/{harvested}/brand", new { brandId = Baisha }, "zh-CN");
        Assert.Contains("暂停", zh.GetProperty("failures")[0].GetProperty("message").GetString()!, StringComparison.Ordinal);

        var (_, eligibility) = await GetAsync(farmer, $"/api/v1/batches/{harvested}/brand?brandId={Baisha}");
        var e = Assert.Single(eligibility.GetProperty("eligibility").EnumerateArray());
        Assert.False(e.GetProperty("eligible").GetBoolean());
        Assert.Equal("licence.suspended", Assert.Single(e.GetProperty("failures").EnumerateArray()).GetProperty("rule").GetString());

        // A batch harvested before the licence was granted is outside its validity.
        var (early, earlyProblem) = await PostAsync(farmer, $"/api/v1/batches/{before}/brand", new { brandId = Baisha });
        Assert.Equal(422, early);
        Assert.Contains("licence.validity", earlyProblem.GetProperty("rules").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(JsonValueKind.Null, (await GetAsync(farmer, $"/api/v1/batches/{harvested}/brand")).Body.GetProperty("claim").ValueKind);
    }

    [Fact]
    public async Task Claims_withinTheQuotaFixedAtIssuance_areAccepted_andOneBeyondItIs409WithTheNumbers()
    {
        using var certifier = await fixture.NewCertifierAsync(Baisha);
        var (producerId, farmer) = await fixture.NewProducerAsync();
        using var lease = farmer;
        var (plot, _) = await SeedAsync(farmer, producerId, areaMu: 10);
        var licenceId = await ApproveAsync(certifier, await ApplyAsync(farmer, Baisha, plot));
        await WaitForChainAsync(certifier, $"/api/v1/licences/{licenceId}", d => d.GetProperty("licence").GetProperty("chain"));

        var first = await AddBatchAsync(farmer, producerId, plot, 600);
        var (ok, claim) = await PostAsync(farmer, $"/api/v1/batches/{first}/brand", new { brandId = Baisha });
        Assert.True(ok == 201, claim.ToString());
        Assert.Equal(licenceId, claim.GetProperty("licenceId").GetString());
        Assert.Equal(600, claim.GetProperty("quantityKg").GetDouble());
        var (_, carried) = await GetAsync(farmer, $"/api/v1/batches/{first}/brand");
        Assert.Equal(Baisha, carried.GetProperty("claim").GetProperty("brandId").GetString());
        var (again, twice) = await PostAsync(farmer, $"/api/v1/batches/{first}/brand", new { brandId = Baisha });
        Assert.True(again == 409, twice.ToString());

        // The plot is later corrected to 100 mu: its yield cap grows, but the licence's quota (10 mu x 100 kg) was
        // fixed when it was issued, so 600 + 500 kg is over it.
        using (var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/plots/{plot}") { Content = System.Net.Http.Json.JsonContent.Create(new { name = "元门乡 1 号茶园", regionCode = "469025", areaMu = 100 }) })
        {
            using var corrected = await farmer.SendAsync(put, Ct);
            Assert.True(corrected.IsSuccessStatusCode, await corrected.Content.ReadAsStringAsync(Ct));
        }

        var second = await AddBatchAsync(farmer, producerId, plot, 500);
        var (over, problem) = await PostAsync(farmer, $"/api/v1/batches/{second}/brand", new { brandId = Baisha });
        Assert.True(over == 409, problem.ToString());
        Assert.Equal("https://ecovalue.dev/problems/quota-exceeded", problem.GetProperty("type").GetString());
        Assert.Equal(1000, problem.GetProperty("quotaKg").GetDouble());
        Assert.Equal(600, problem.GetProperty("claimedKg").GetDouble());
        Assert.Equal(400, problem.GetProperty("remainingKg").GetDouble());
        Assert.Equal(500, problem.GetProperty("requestedKg").GetDouble());

        var (_, detail) = await GetAsync(farmer, $"/api/v1/licences/{licenceId}");
        var quota = detail.GetProperty("quota").EnumerateArray().Single(q => q.GetProperty("season").GetString() == Today.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((1000d, 600d), (quota.GetProperty("quantityKg").GetDouble(), quota.GetProperty("claimedKg").GetDouble()));
    }

    [Fact]
    public async Task ConcurrentDecisionsOfOneCertifier_signConsecutiveNonces_andAllReachTheChain()
    {
        using var certifier = await fixture.NewCertifierAsync(Baisha);
        var applications = new List<string>();
        var farmers = new List<UserClient>();
        for (var i = 0; i < 3; i++)
        {
            var (producerId, farmer) = await fixture.NewProducerAsync("白沙合作社 " + i);
            farmers.Add(farmer);
            var (plot, _) = await SeedAsync(farmer, producerId);
            applications.Add(await ApplyAsync(farmer, Baisha, plot));
        }

        var licences = await Task.WhenAll(applications.Select(a => ApproveAsync(certifier, a)));
        var nonces = new List<long>();
        foreach (var licence in licences)
        {
            var detail = await WaitForChainAsync(certifier, $"/api/v1/licences/{licence}", d => d.GetProperty("licence").GetProperty("chain"));
            nonces.Add(detail.GetProperty("credential").GetProperty("proof").GetProperty("eip712").GetProperty("message").GetProperty("nonce").GetInt64());
        }

        Assert.Equal([0L, 1L, 2L], nonces.Order());
        foreach (var farmer in farmers)
        {
            farmer.Dispose();
        }
    }

    [Fact]
    public async Task Approval_isBlockedByFailingAndMissingEvidence_withTheCriteriaListed_andARejectionKeepsItsEvaluation()
    {
        using var certifier = await fixture.NewCertifierAsync(Baisha);
        var (producerId, farmer) = await fixture.NewProducerAsync();
        using var lease = farmer;
        var (plot, _) = await SeedAsync(farmer, producerId, documents: false, leadMgPerKg: 7.2);
        var applicationId = await ApplyAsync(farmer, Baisha, plot);

        var (_, evaluation) = await GetAsync(farmer, $"/api/v1/applications/{applicationId}/evaluation");
        Assert.Equal("fail", evaluation.GetProperty("report").GetProperty("overall").GetString());

        var (blocked, problem) = await PostAsync(certifier, $"/api/v1/applications/{applicationId}/decision", new { decision = "approve" });
        Assert.True(blocked == 422, problem.ToString());
        Assert.Equal("https://ecovalue.dev/problems/approval-blocked", problem.GetProperty("type").GetString());
        var criteria = problem.GetProperty("criteria").EnumerateArray().ToDictionary(c => c.GetProperty("criterion").GetString()!, c => c.GetProperty("outcome").GetString());
        Assert.Equal("fail", criteria["lead-tea"]);
        Assert.Equal("missing_evidence", criteria["producer-documents"]);
        var (_, application) = await GetAsync(farmer, $"/api/v1/applications/{applicationId}");
        Assert.Equal("submitted", application.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, application.GetProperty("licenceId").ValueKind);

        var (rejected, body) = await PostAsync(certifier, $"/api/v1/applications/{applicationId}/decision", new { decision = "reject", notes = "铅超标，且缺少营业执照等材料" });
        Assert.True(rejected == 200, body.ToString());
        Assert.Equal("rejected", body.GetProperty("status").GetString());
        Assert.Equal("fail", body.GetProperty("decision").GetProperty("overall").GetString());
        var (_, kept) = await GetAsync(certifier, $"/api/v1/applications/{applicationId}/evaluation");
        Assert.False(kept.GetProperty("live").GetBoolean());
        var (decidedTwice, conflict) = await PostAsync(certifier, $"/api/v1/applications/{applicationId}/decision", new { decision = "reject", notes = "again" });
        Assert.True(decidedTwice == 409, conflict.ToString());
    }
}
