using System.Numerics;
using EcoValue.Anchoring.Chain;
using EcoValue.Anchoring.Contracts;
using EcoValue.Anchoring.Keys;
using EcoValue.Domain.Licences;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Abi;
using EcoValue.Ethereum.Rpc;
using EcoValue.Ethereum.Signing;
using EcoValue.Testing;

namespace EcoValue.Anchoring.Tests;

/// <summary>
/// LicenceRegistry through our client on a real anvil: our EIP-712 digests against the contract's and cast's, and
/// the licence lifecycle relayed from certifier signatures, with every refusal reported by its custom error.
/// </summary>
public sealed class LicenceRegistryTests(AnvilNode node) : IClassFixture<AnvilNode>
{
    private const string BrandKey = "hainan-rainforest-eco-product";

    private static readonly byte[] BrandId = LicenceIds.BrandId(BrandKey);
    private static readonly byte[] StandardHash = Keccak.HashUtf8("rainforest standard 2025.1 canonical text");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly CertifierKeyVault _vault = new(MasterKey.Generate());

    [Fact]
    public async Task Digests_andDomainSeparator_equalTheContracts()
    {
        var h = await LicenceRegistryHarness.StartAsync(node.RpcUrl, Ct);
        Assert.Equal(h.Domain.Separator(), await h.Client.DomainSeparatorAsync(Ct));
        var random = new Random(5_712);
        for (var i = 0; i < 25; i++)
        {
            var issue = RandomIssue(random);
            Assert.Equal(Hex.Encode(await h.Client.HashIssueLicenceAsync(issue, Ct)), Hex.Encode(issue.Digest(h.Domain)));
            var status = new StatusChangeMessage(Word(random), (LicenceAction)random.Next(0, 256), Word(random), Uint256(random), Uint256(random));
            Assert.Equal(Hex.Encode(await h.Client.HashStatusChangeAsync(status, Ct)), Hex.Encode(status.Digest(h.Domain)));
        }
    }

    [Fact]
    public async Task ProofTypedData_signedByCast_givesTheSameSignature()
    {
        var cast = Cast.Require();
        var h = await LicenceRegistryHarness.StartAsync(node.RpcUrl, Ct);
        var key = new EthECKey(AnvilNode.DevKey0);
        var signed = LicenceProof.Sign(LicenceCredential.Build(Input(h, key.Address, await h.ChainNowAsync(Ct))), key, 0, 2_000_000_000);
        var proof = signed["proof"]!;

        // The proof's eip712 member is eth_signTypedData_v4 JSON that cast (alloy) hashes and signs independently.
        Assert.Equal((string?)proof["proofValue"], await cast.RunAsync("wallet", "sign", "--data", "--private-key", AnvilNode.DevKey0, proof["eip712"]!.ToJsonString()));

        var random = new Random(5_713);
        var documents = new List<(string Json, string Ours)>();
        for (var i = 0; i < 20; i++)
        {
            var issue = RandomIssue(random);
            documents.Add((issue.ToTypedData(h.Domain).ToJson(), issue.Sign(key, h.Domain).ToHex()));
            var status = new StatusChangeMessage(Word(random), (LicenceAction)random.Next(1, 4), Word(random), Uint256(random), Uint256(random));
            documents.Add((status.ToTypedData(h.Domain).ToJson(), status.Sign(key, h.Domain).ToHex()));
        }

        var theirs = await cast.RunBatchAsync([.. documents.Select(d => (string[])["wallet", "sign", "--data", "--private-key", AnvilNode.DevKey0, d.Json])]);
        for (var i = 0; i < documents.Count; i++)
        {
            Assert.True(theirs[i] == documents[i].Ours, $"{documents[i].Json}\ncast: {theirs[i]}\nours: {documents[i].Ours}");
        }
    }

    [Fact]
    public async Task Licence_issuedFromTheCredentialsProof_thenSuspendedReinstatedRevoked()
    {
        var h = await LicenceRegistryHarness.StartAsync(node.RpcUrl, Ct);
        await h.Client.RegisterBrandAsync(BrandId, StandardHash, "https://ecovalue.dev/brands/" + BrandKey, Ct);
        var brand = await h.Client.BrandAsync(BrandId, Ct);
        Assert.Equal(StandardHash, brand.StandardHash);
        Assert.Equal(1u, brand.StandardVersion);

        // A certifier's key is generated sealed; the service opens it only to sign.
        var sealedKey = _vault.Generate("user:certifier-1");
        await h.Client.AccreditCertifierAsync(BrandId, sealedKey.Address, Ct);
        Assert.True(await h.Client.IsAccreditedAsync(BrandId, sealedKey.Address, Ct));
        var certifier = _vault.Open("user:certifier-1", sealedKey.Sealed);

        var now = await h.ChainNowAsync(Ct);
        var credential = LicenceCredential.Build(Input(h, sealedKey.Address, now));
        var nonce = await h.Client.NoncesAsync(certifier.Address, Ct);
        var signed = LicenceProof.Sign(credential, certifier, nonce, now.AddHours(1).ToUnixTimeSeconds());
        var verified = LicenceProof.Verify(signed.ToJsonString());
        var receipt = await h.Client.IssueLicenceAsync(verified.Message, verified.Signature, Ct);
        Assert.True(receipt.Succeeded);
        Assert.Equal(h.Relayer.Address, receipt.From);

        var licenceId = LicenceIds.LicenceId(verified.Content.Id);
        Assert.Equal(new LicenceStatusAt(LicenceStatus.Active, true), await h.Client.LicenceStatusAsync(licenceId, now, Ct));
        Assert.False((await h.Client.LicenceStatusAsync(licenceId, verified.Content.ValidUntil, Ct)).ValidAt); // validUntil is exclusive
        var stored = await h.Client.LicenceAsync(licenceId, Ct);
        Assert.Equal(verified.Certifier, stored.Certifier);
        Assert.Equal(certifier.Address, stored.Certifier);
        Assert.Equal(verified.DocumentHash, stored.DocumentHash);
        Assert.Equal(LicenceIds.Holder(verified.Content.Holder.Id), stored.Holder);
        Assert.Equal(StandardHash, stored.StandardHash);
        Assert.Equal((ulong)verified.Content.ValidFrom.ToUnixTimeSeconds(), stored.ValidFrom);
        Assert.Equal(nonce + 1, await h.Client.NoncesAsync(certifier.Address, Ct));

        await ChangeAsync(h, certifier, licenceId, LicenceAction.Suspend, "residue over the limit in batch 2025-07");
        Assert.Equal(new LicenceStatusAt(LicenceStatus.Suspended, false), await h.Client.LicenceStatusAsync(licenceId, now, Ct));
        await ChangeAsync(h, certifier, licenceId, LicenceAction.Reinstate, "retest passed");
        Assert.Equal(new LicenceStatusAt(LicenceStatus.Active, true), await h.Client.LicenceStatusAsync(licenceId, now, Ct));
        await ChangeAsync(h, certifier, licenceId, LicenceAction.Revoke, "forbidden input found");
        Assert.Equal(new LicenceStatusAt(LicenceStatus.Revoked, false), await h.Client.LicenceStatusAsync(licenceId, now, Ct));

        var ex = await Assert.ThrowsAsync<ContractRevertException>(() => ChangeAsync(h, certifier, licenceId, LicenceAction.Reinstate, "try again"));
        Assert.Equal("InvalidStatusTransition", ex.ErrorName);
        Assert.Equal(RevertStage.Simulation, ex.Stage);
        Assert.Equal((BigInteger)(int)LicenceStatus.Revoked, ex.Error!["status"]);
        Assert.Equal((BigInteger)(int)LicenceAction.Reinstate, ex.Error["action"]);
        Assert.Equal(licenceId, ex.Error["licenceId"]);
        Assert.Contains("LicenceRegistry.changeLicenceStatus reverted: InvalidStatusTransition(", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonAccreditedCertifier_isRejectedBySimulation_andNoTransactionIsSent()
    {
        var h = await LicenceRegistryHarness.StartAsync(node.RpcUrl, Ct);
        await h.Client.RegisterBrandAsync(BrandId, StandardHash, "", Ct);
        var stranger = EthECKey.Generate();
        var now = await h.ChainNowAsync(Ct);
        var signed = LicenceProof.Sign(LicenceCredential.Build(Input(h, stranger.Address, now)), stranger, 0, now.AddHours(1).ToUnixTimeSeconds());
        var verified = LicenceProof.Verify(signed); // the document itself is well signed: only the chain knows accreditation

        var relayerNonce = await h.Eth.GetTransactionCountAsync(h.Relayer.Address, BlockParameter.Pending, Ct);
        var ex = await Assert.ThrowsAsync<ContractRevertException>(() => h.Client.IssueLicenceAsync(verified.Message, verified.Signature, Ct));
        Assert.Equal("CertifierNotAccredited", ex.ErrorName);
        Assert.Equal(RevertStage.Simulation, ex.Stage);
        Assert.Null(ex.TransactionHash);
        Assert.Equal(stranger.Address, ex.Error!["certifier"]);
        Assert.Equal(BrandId, ex.Error["brandId"]);
        Assert.Equal(relayerNonce, await h.Eth.GetTransactionCountAsync(h.Relayer.Address, BlockParameter.Pending, Ct));
        Assert.Equal(LicenceStatus.None, (await h.Client.LicenceAsync(verified.Message.LicenceId, Ct)).Status);
    }

    [Fact]
    public async Task ReplayedSignatures_areRefused()
    {
        var h = await LicenceRegistryHarness.StartAsync(node.RpcUrl, Ct);
        var (certifier, now) = await BrandWithCertifierAsync(h);
        var verified = await IssueAsync(h, certifier, now);

        var again = await Assert.ThrowsAsync<ContractRevertException>(() => h.Client.IssueLicenceAsync(verified.Message, verified.Signature, Ct));
        Assert.Equal("LicenceAlreadyExists", again.ErrorName);

        // A signed suspension, used, then undone by a reinstatement: relaying the same suspension again is a replay.
        var licenceId = verified.Message.LicenceId;
        var suspend = await ChangeAsync(h, certifier, licenceId, LicenceAction.Suspend, "pending lab retest");
        await ChangeAsync(h, certifier, licenceId, LicenceAction.Reinstate, "retest passed");
        var replay = await Assert.ThrowsAsync<ContractRevertException>(() => h.Client.ChangeLicenceStatusAsync(suspend.Message, suspend.Signature, Ct));
        Assert.Equal("InvalidAccountNonce", replay.ErrorName);
        Assert.Equal(certifier.Address, replay.Error!["account"]);
        Assert.Equal(suspend.Message.Nonce + 2, replay.Error["currentNonce"]);
        Assert.Equal(LicenceStatus.Active, (await h.Client.LicenceAsync(licenceId, Ct)).Status);
    }

    [Fact]
    public async Task Issuance_underAStandardThatIsNotTheBrands_isStandardMismatch_andAnExpiredSignatureIsRefused()
    {
        var h = await LicenceRegistryHarness.StartAsync(node.RpcUrl, Ct);
        var (certifier, now) = await BrandWithCertifierAsync(h);
        var newStandard = Keccak.HashUtf8("rainforest standard 2026.1");
        await h.Client.UpdateBrandStandardAsync(BrandId, newStandard, "https://ecovalue.dev/brands/v2", Ct);
        Assert.Equal(2u, (await h.Client.BrandAsync(BrandId, Ct)).StandardVersion);

        // Judged by the superseded standard.
        var credential = LicenceCredential.Build(Input(h, certifier.Address, now));
        var stale = LicenceProof.Verify(LicenceProof.Sign(credential, certifier, 0, now.AddHours(1).ToUnixTimeSeconds()));
        var ex = await Assert.ThrowsAsync<ContractRevertException>(() => h.Client.IssueLicenceAsync(stale.Message, stale.Signature, Ct));
        Assert.Equal("StandardMismatch", ex.ErrorName);
        Assert.Equal(newStandard, ex.Error!["expected"]);
        Assert.Equal(StandardHash, ex.Error["actual"]);

        var input = Input(h, certifier.Address, now) with { Standard = new LicenceStandardRef("rainforest", "2026.1", newStandard) };
        var expired = LicenceProof.Verify(LicenceProof.Sign(LicenceCredential.Build(input), certifier, 0, now.AddSeconds(-10).ToUnixTimeSeconds()));
        var late = await Assert.ThrowsAsync<ContractRevertException>(() => h.Client.IssueLicenceAsync(expired.Message, expired.Signature, Ct));
        Assert.Equal("SignatureExpired", late.ErrorName);
    }

    [Fact]
    public async Task OperatorCalls_fromAnAccountWithoutTheRole_areAccessControlErrors()
    {
        var h = await LicenceRegistryHarness.StartAsync(node.RpcUrl, Ct);
        var outsider = await LicenceRegistryHarness.FundedKeyAsync(h.Eth, Ct);
        var asOutsider = new LicenceRegistryClient(h.Eth, h.Domain.VerifyingContract, LicenceRegistryHarness.Sender(h.Eth, outsider, h.Domain.ChainId));
        Assert.True(await h.Client.HasRoleAsync(LicenceRegistryClient.OperatorRole, h.Relayer.Address, Ct));
        Assert.False(await h.Client.HasRoleAsync(LicenceRegistryClient.OperatorRole, outsider.Address, Ct));

        var ex = await Assert.ThrowsAsync<ContractRevertException>(() => asOutsider.RegisterBrandAsync(BrandId, StandardHash, "", Ct));
        Assert.Equal("AccessControlUnauthorizedAccount", ex.ErrorName);
        Assert.Equal(outsider.Address, ex.Error!["account"]);
        Assert.Equal(LicenceRegistryClient.OperatorRole, ex.Error["neededRole"]);

        var readOnly = new LicenceRegistryClient(h.Eth, h.Domain.VerifyingContract);
        await Assert.ThrowsAsync<InvalidOperationException>(() => readOnly.RegisterBrandAsync(BrandId, StandardHash, "", Ct));
    }

    [Fact]
    public async Task BeforeBroadcast_seesTheTransactionsHashFirst_andItsFailureSendsNothing()
    {
        var h = await LicenceRegistryHarness.StartAsync(node.RpcUrl, Ct);
        byte[]? seen = null;
        var receipt = await h.Client.WithBeforeBroadcast(async (hash, ct) =>
        {
            // Not yet broadcast: the node does not know the transaction.
            Assert.Null(await h.Eth.GetTransactionByHashAsync(hash, ct));
            seen = hash;
        }).RegisterBrandAsync(BrandId, StandardHash, "", Ct);
        Assert.Equal(Hex.Encode(receipt.TransactionHash), Hex.Encode(seen!));

        var before = await h.Eth.GetTransactionCountAsync(h.Relayer.Address, BlockParameter.Pending, Ct);
        var refusing = h.Client.WithBeforeBroadcast((_, _) => throw new IOException("outbox unavailable"));
        await Assert.ThrowsAsync<IOException>(() => refusing.AccreditCertifierAsync(BrandId, EthECKey.Generate().Address, Ct));
        Assert.Equal(before, await h.Eth.GetTransactionCountAsync(h.Relayer.Address, BlockParameter.Pending, Ct));
    }

    [Fact]
    public async Task ConcurrentWrites_fromOneRelayer_takeConsecutiveNonces()
    {
        var h = await LicenceRegistryHarness.StartAsync(node.RpcUrl, Ct);
        await h.Client.RegisterBrandAsync(BrandId, StandardHash, "", Ct);
        var before = await h.Eth.GetTransactionCountAsync(h.Relayer.Address, BlockParameter.Latest, Ct);

        // Two clients over the same key, eight writes at once: the per-account lock lines them up.
        var other = new LicenceRegistryClient(h.Eth, h.Domain.VerifyingContract, LicenceRegistryHarness.Sender(h.Eth, h.Relayer, h.Domain.ChainId));
        var certifiers = Enumerable.Range(0, 8).Select(_ => EthECKey.Generate().Address).ToArray();
        var receipts = await Task.WhenAll(certifiers.Select((c, i) => (i % 2 == 0 ? h.Client : other).AccreditCertifierAsync(BrandId, c, Ct)));

        Assert.All(receipts, r => Assert.True(r.Succeeded));
        Assert.Equal(before + 8, await h.Eth.GetTransactionCountAsync(h.Relayer.Address, BlockParameter.Latest, Ct));
        foreach (var c in certifiers)
        {
            Assert.True(await h.Client.IsAccreditedAsync(BrandId, c, Ct));
        }
    }

    [Fact]
    public async Task RevertInAMinedTransaction_isDecodedFromTheChain()
    {
        var h = await LicenceRegistryHarness.StartAsync(node.RpcUrl, Ct);
        var (certifier, now) = await BrandWithCertifierAsync(h);
        var credential = LicenceCredential.Build(Input(h, certifier.Address, now));
        var verified = LicenceProof.Verify(LicenceProof.Sign(credential, certifier, 0, now.AddHours(1).ToUnixTimeSeconds()));

        // The issuance passes simulation and waits in the pool; then the operator withdraws the certifier's
        // accreditation with a higher tip, so the same block runs the withdrawal first (anvil orders by fees).
        await h.Anvil.SetAutomineAsync(false, Ct);
        try
        {
            var issuing = h.Client.IssueLicenceAsync(verified.Message, verified.Signature, Ct);
            await WaitForPendingAsync(h, h.Relayer.Address);
            var admin = new ChainAccount(h.Eth, h.Admin, h.Domain.ChainId);
            var fees = await new FeeEstimator(h.Eth).EstimateAsync(Ct);
            var withdraw = admin.Sign(
                h.Domain.VerifyingContract,
                AbiEncoder.EncodeFunctionCall("withdrawAccreditation(bytes32,address)", BrandId, certifier.Address),
                await h.Eth.GetTransactionCountAsync(h.Admin.Address, BlockParameter.Pending, Ct),
                200_000,
                new Fees(fees.MaxFeePerGas * 10 + BigInteger.Pow(10, 10), fees.MaxPriorityFeePerGas * 10 + BigInteger.Pow(10, 10)));
            await h.Eth.SendRawTransactionAsync(withdraw.Encode(), Ct);
            await h.Anvil.MineAsync(Ct);

            var ex = await Assert.ThrowsAsync<ContractRevertException>(() => issuing);
            Assert.Equal(RevertStage.Mined, ex.Stage);
            Assert.Equal("CertifierNotAccredited", ex.ErrorName);
            Assert.Equal(certifier.Address, ex.Error!["certifier"]);
            var receipt = await h.Eth.GetTransactionReceiptAsync(ex.TransactionHash!, Ct);
            Assert.False(receipt!.Succeeded);
            Assert.True((await h.Eth.GetTransactionReceiptAsync(withdraw.GetHash(), Ct))!.Succeeded);
            Assert.Equal(LicenceStatus.None, (await h.Client.LicenceAsync(verified.Message.LicenceId, Ct)).Status);
        }
        finally
        {
            await h.Anvil.SetAutomineAsync(true, Ct);
        }
    }

    private async Task<(EthECKey Certifier, DateTimeOffset Now)> BrandWithCertifierAsync(LicenceRegistryHarness h)
    {
        await h.Client.RegisterBrandAsync(BrandId, StandardHash, "", Ct);
        var sealedKey = _vault.Generate("user:certifier");
        await h.Client.AccreditCertifierAsync(BrandId, sealedKey.Address, Ct);
        return (_vault.Open("user:certifier", sealedKey.Sealed), await h.ChainNowAsync(Ct));
    }

    private static async Task<VerifiedLicence> IssueAsync(LicenceRegistryHarness h, EthECKey certifier, DateTimeOffset now)
    {
        var credential = LicenceCredential.Build(Input(h, certifier.Address, now));
        var nonce = await h.Client.NoncesAsync(certifier.Address, Ct);
        var verified = LicenceProof.Verify(LicenceProof.Sign(credential, certifier, nonce, now.AddHours(1).ToUnixTimeSeconds()));
        await h.Client.IssueLicenceAsync(verified.Message, verified.Signature, Ct);
        return verified;
    }

    private static async Task<(StatusChangeMessage Message, EthSignature Signature)> ChangeAsync(
        LicenceRegistryHarness h, EthECKey certifier, byte[] licenceId, LicenceAction action, string reason)
    {
        var nonce = await h.Client.NoncesAsync(certifier.Address, Ct);
        var deadline = (await h.ChainNowAsync(Ct)).AddHours(1).ToUnixTimeSeconds();
        var message = new StatusChangeMessage(licenceId, action, LicenceIds.ReasonHash(reason), nonce, deadline);
        var signature = message.Sign(certifier, h.Domain);
        await h.Client.ChangeLicenceStatusAsync(message, signature, Ct);
        return (message, signature);
    }

    private static LicenceCredentialInput Input(LicenceRegistryHarness h, Address certifier, DateTimeOffset now)
    {
        var from = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() - 86_400);
        return new LicenceCredentialInput(
            LicenceIds.NewLicenceKey(),
            h.Domain,
            new LicenceIssuer(certifier, "Hainan Eco-Product Certification Centre"),
            new LicenceParty("urn:ecovalue:producer:" + Guid.NewGuid().ToString("D"), "五指山雨林咖啡合作社"),
            new LicenceParty(BrandKey, "热带雨林国家公园生态产品"),
            new LicenceStandardRef("rainforest", "2025.1", StandardHash),
            new LicenceScope(["urn:ecovalue:plot:wzs-01"], ["coffee"]),
            [new LicenceQuota("coffee", "2025", 2055.5m)],
            from,
            from.AddDays(365));
    }

    private static async Task WaitForPendingAsync(LicenceRegistryHarness h, Address account)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await h.Eth.GetTransactionCountAsync(account, BlockParameter.Pending, Ct) == await h.Eth.GetTransactionCountAsync(account, BlockParameter.Latest, Ct))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no pending transaction from {account} within 20 s");
            await Task.Delay(20, Ct);
        }
    }

    private static IssueLicenceMessage RandomIssue(Random random) => new(
        Word(random), Word(random), Word(random), Word(random), Word(random),
        (ulong)random.NextInt64(), (ulong)random.NextInt64() | (1UL << 63), Uint256(random), Uint256(random));

    private static byte[] Word(Random random)
    {
        var bytes = new byte[32];
        random.NextBytes(bytes);
        return bytes;
    }

    private static BigInteger Uint256(Random random) => new(Word(random), isUnsigned: true, isBigEndian: true);
}
