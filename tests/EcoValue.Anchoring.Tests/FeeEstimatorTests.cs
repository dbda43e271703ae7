using System.Numerics;
using EcoValue.Anchoring.Chain;
using EcoValue.Ethereum.Rpc;
using EcoValue.Ethereum.Signing;
using EcoValue.Ethereum.Transactions;
using EcoValue.Testing;

namespace EcoValue.Anchoring.Tests;

public sealed class FeeEstimatorTests(AnvilNode node) : IClassFixture<AnvilNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Bumped_raisesBothFieldsByAtLeastTenPercent()
    {
        var fees = new Fees(1_000_000_007, 100);
        var bumped = fees.Bumped();
        Assert.True(bumped.MaxFeePerGas * 10 >= fees.MaxFeePerGas * 11);
        Assert.True(bumped.MaxPriorityFeePerGas * 10 >= fees.MaxPriorityFeePerGas * 11);
        Assert.Equal(new Fees(1, 1), new Fees(0, 0).Bumped());
    }

    [Fact]
    public void AtLeast_takesTheLargerOfEachField() =>
        Assert.Equal(new Fees(10, 7), new Fees(10, 3).AtLeast(new Fees(4, 7)));

    [Fact]
    public async Task EstimateAsync_onAnvil_coversBaseFee_andATransactionWithThemIsMined()
    {
        var eth = new EthClient(new JsonRpcClient(new HttpClient(), new JsonRpcClientOptions { Endpoint = node.RpcUrl }));
        var fees = await new FeeEstimator(eth).EstimateAsync(Ct);
        var latest = await eth.GetBlockByNumberAsync(BlockParameter.Latest, ct: Ct);
        Assert.True(fees.MaxFeePerGas >= latest!.BaseFeePerGas!.Value + fees.MaxPriorityFeePerGas);
        Assert.True(fees.MaxPriorityFeePerGas > BigInteger.Zero);

        var key = new EthECKey(AnvilNode.DevKey0);
        var tx = new Eip1559Transaction
        {
            ChainId = await eth.ChainIdAsync(Ct),
            Nonce = await eth.GetTransactionCountAsync(key.Address, BlockParameter.Pending, Ct),
            MaxFeePerGas = fees.MaxFeePerGas,
            MaxPriorityFeePerGas = fees.MaxPriorityFeePerGas,
            GasLimit = 21_000,
            To = EthECKey.Generate().Address,
            Value = 1,
        }.Sign(key);
        var receipt = await eth.WaitForReceiptAsync(await eth.SendRawTransactionAsync(tx.Encode(), Ct), TimeSpan.FromSeconds(15), Ct);
        Assert.True(receipt.Succeeded);
    }
}
