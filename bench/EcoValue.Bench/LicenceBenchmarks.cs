using System.Numerics;
using EcoValue.Anchoring.Chain;
using EcoValue.Anchoring.Contracts;
using EcoValue.Domain.Licences;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Abi;
using EcoValue.Ethereum.Rpc;
using EcoValue.Ethereum.Signing;

namespace EcoValue.Bench;

/// <summary>
/// Issue 8 item 2: gas of our licence operations (LicenceRegistry issue, suspend, reinstate, revoke, each relayed
/// with the certifier's EIP-712 signature, as the service does) beside EAS attest and revoke of the same licence data,
/// on one anvil in one run. Means of receipt gasUsed over a sample of licences; the first licence of each side is
/// unmeasured (the certifier's first nonce and the contracts' first writes cost a one-off 20,000 gas per new slot
/// that a running registry has long paid).
/// </summary>
public static class LicenceBenchmarks
{
    /// <summary>The licence as EAS would carry it: the fields LicenceRegistry stores and checks, in one schema.</summary>
    internal const string LicenceSchema = "bytes32 licenceId,bytes32 brandId,bytes32 holder,bytes32 documentHash,bytes32 standardHash,uint64 validFrom,uint64 validUntil";

    public static async Task<IReadOnlyList<BenchRow>> RunAsync(string root, bool quick)
    {
        var sample = quick ? 5 : 20;
        await using var chain = await DevChain.StartAsync(root);
        var eth = chain.Eth;
        var chainId = await eth.ChainIdAsync();
        var fees = new FeeEstimator(eth);

        // Ours: deployed as `ecovalue deploy` does (the deployer is admin and operator, and relays).
        var operatorKey = await FundedAsync(eth);
        var operatorAccount = new ChainAccount(eth, operatorKey, chainId);
        var deployment = await new ContractDeployer(operatorAccount, fees).DeployAsync(ContractArtifact.Load("LicenceRegistry"), "address,address", [operatorKey.Address, operatorKey.Address]);
        var registry = new LicenceRegistryClient(eth, deployment.Address, new TransactionSender(operatorAccount, fees));
        var domain = new LicenceRegistryDomain(chainId, deployment.Address);
        var brandId = LicenceIds.BrandId("bench-brand");
        var standardHash = Keccak.HashUtf8("bench standard 2026.1");
        await registry.RegisterBrandAsync(brandId, standardHash, "https://ecovalue.dev/brands/bench");

        // The certifier: accredited for the brand on ours; on EAS it attests itself (EAS's attester is msg.sender).
        var certifier = await FundedAsync(eth);
        await registry.AccreditCertifierAsync(brandId, certifier.Address);
        var eas = await Eas.DeployAsync(root, new TransactionSender(new ChainAccount(eth, certifier, chainId), fees), fees);
        var schema = await eas.RegisterSchemaAsync(LicenceSchema, revocable: true);

        var ours = new Dictionary<LicenceAction, double> { [LicenceAction.Suspend] = 0, [LicenceAction.Reinstate] = 0, [LicenceAction.Revoke] = 0 };
        double issue = 0, attest = 0, revoke = 0;
        for (var i = 0; i <= sample; i++)
        {
            var measured = i > 0;
            var now = (ulong)(await eth.GetBlockByNumberAsync(BlockParameter.Latest))!.Timestamp;
            var message = new IssueLicenceMessage(
                LicenceIds.LicenceId(LicenceIds.LicenceUrn(LicenceIds.NewLicenceKey())), brandId,
                LicenceIds.Holder("urn:ecovalue:producer:" + Guid.NewGuid().ToString("D")), Keccak.HashUtf8("licence document " + i),
                standardHash, now - 86_400, now + (365 * 86_400), await registry.NoncesAsync(certifier.Address), now + 3_600);
            var issued = await registry.IssueLicenceAsync(message, message.Sign(certifier, domain));
            foreach (var action in new[] { LicenceAction.Suspend, LicenceAction.Reinstate, LicenceAction.Revoke })
            {
                var change = new StatusChangeMessage(message.LicenceId, action, LicenceIds.ReasonHash("bench " + action), await registry.NoncesAsync(certifier.Address), now + 3_600);
                var gas = (await registry.ChangeLicenceStatusAsync(change, change.Sign(certifier, domain))).GasUsed;
                ours[action] += measured ? gas : 0;
            }

            var data = AbiEncoder.Encode("bytes32,bytes32,bytes32,bytes32,bytes32,uint64,uint64",
                message.LicenceId, message.BrandId, message.Holder, message.DocumentHash, message.StandardHash, message.ValidFrom, message.ValidUntil);
            var (attested, uid) = await eas.AttestAsync(schema, data, revocable: true);
            var revoked = await eas.RevokeAsync(schema, uid);
            if (measured)
            {
                issue += issued.GasUsed;
                attest += attested.GasUsed;
                revoke += revoked.GasUsed;
            }
        }

        issue /= sample;
        attest /= sample;
        revoke /= sample;
        var suspend = ours[LicenceAction.Suspend] / sample;
        var reinstate = ours[LicenceAction.Reinstate] / sample;
        var revokeOurs = ours[LicenceAction.Revoke] / sample;
        var means = $"means of {sample} licences after one unmeasured";
        const string Lower = "ratio = ours / EAS (lower is better)";
        return
        [
            new BenchRow("licences", "licence issue (relayed, certifier's EIP-712 signature checked on chain)", "gas", issue,
                "EAS attest by the certifier, same licence data", attest,
                $"ours: issueLicence checks accreditation, the brand's standard, the signature and nonce, stores the licence; EAS: attest of a 7-field schema ({LicenceSchema}), sent by the certifier itself (no signature check); {means}; {Lower}"),
            new BenchRow("licences", "licence suspend, then reinstate (relayed, signed)", "gas", suspend + reinstate,
                "EAS revoke + re-attest", revoke + attest,
                $"EAS has no suspension: a revocation is final, so the nearest equivalent is revoke, then a fresh attestation (a new UID) to reinstate; ours: suspend {suspend:N0} + reinstate {reinstate:N0} gas; {means}; {Lower}"),
            new BenchRow("licences", "licence revoke (relayed, signed)", "gas", revokeOurs,
                "EAS revoke", revoke,
                $"ours: changeLicenceStatus(Revoke) with the certifier's signature; EAS: revoke by the attester; {means}; {Lower}"),
        ];
    }

    private static async Task<EthECKey> FundedAsync(EthClient eth)
    {
        var key = EthECKey.Generate();
        await new AnvilClient(eth.Rpc).SetBalanceAsync(key.Address, BigInteger.Pow(10, 21));
        return key;
    }
}
