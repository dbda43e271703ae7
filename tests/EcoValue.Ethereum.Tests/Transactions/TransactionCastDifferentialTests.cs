using EcoValue.Ethereum.Signing;
using EcoValue.Ethereum.Transactions;
using EcoValue.Testing;

namespace EcoValue.Ethereum.Tests;

// Differential tests against the pinned `cast mktx` (Foundry 1.7.1, alloy underneath), offline: every field is given,
// so cast needs no node. cast has no batch mode for mktx, so it runs once per transaction; the two transaction types
// sit in separate classes so xunit runs them side by side.

public class Eip1559CastDifferentialTests
{
    [Fact]
    public async Task RandomEip1559Transactions_signLikeCast_andDecodeCastOutput()
    {
        const int seed = 1559;
        var random = new Random(seed);
        var cases = Enumerable.Range(0, 1000).Select(_ => (RandomTransactions.Key(random), (Transaction)RandomTransactions.Eip1559(random))).ToList();

        var txs = cases.Select(c => (Eip1559Transaction)c.Item2).ToList();
        Assert.Contains(txs, t => t.To is null);
        Assert.Contains(txs, t => t.Data.IsEmpty);
        Assert.Contains(txs, t => t.AccessList.Count > 1 && t.AccessList.Any(e => e.StorageKeys.Count == 0));

        await CastComparison.AssertSignsLikeCastAsync(cases, seed);
    }
}

public class LegacyCastDifferentialTests
{
    [Fact]
    public async Task RandomLegacyEip155Transactions_signLikeCast_andDecodeCastOutput()
    {
        const int seed = 155;
        var random = new Random(seed);
        var cases = Enumerable.Range(0, 200).Select(_ => (RandomTransactions.Key(random), (Transaction)RandomTransactions.Legacy(random))).ToList();
        Assert.Contains(cases, c => c.Item2.To is null);
        Assert.Contains(cases, c => ((LegacyTransaction)c.Item2).ChainId > uint.MaxValue);

        await CastComparison.AssertSignsLikeCastAsync(cases, seed);
    }
}

internal static class CastComparison
{
    /// <summary>Our signed raw bytes equal cast's; our strict decoder reads cast's bytes back to the same transaction and sender.</summary>
    public static async Task AssertSignsLikeCastAsync(List<(EthECKey Key, Transaction Tx)> cases, int seed)
    {
        var cast = Cast.Require();
        var outputs = await cast.RunManyAsync([.. cases.Select(c => RandomTransactions.CastArgs(c.Tx, c.Key))], parallelism: 4);
        for (var i = 0; i < cases.Count; i++)
        {
            var (key, tx) = cases[i];
            var signed = tx.Sign(key);
            var ours = Hex.Encode(signed.Encode());
            Assert.True(ours == outputs[i], $"seed {seed} case {i}: cast {string.Join(' ', RandomTransactions.CastArgs(tx, key))}\n ours {ours}\n cast {outputs[i]}");

            var chainId = signed switch
            {
                Eip1559Transaction t => t.ChainId,
                LegacyTransaction t => t.ChainId!.Value,
                _ => throw new InvalidOperationException($"unexpected {signed.GetType().Name}"),
            };
            var decoded = TransactionDecoder.Decode(Hex.Decode(outputs[i]), chainId);
            Assert.True(signed.Equals(decoded), $"seed {seed} case {i}: cast's bytes decode to {decoded}, want {signed}");
            Assert.Equal(key.Address, decoded.RecoverSender());
        }
    }
}
