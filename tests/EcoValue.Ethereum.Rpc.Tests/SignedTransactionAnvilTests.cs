using System.Numerics;
using EcoValue.Ethereum.Signing;
using EcoValue.Ethereum.Transactions;
using EcoValue.Testing;

namespace EcoValue.Ethereum.Rpc.Tests;

/// <summary>
/// Transactions signed by our layer, sent raw to a real anvil: accepted, mined, and attributed by the node to the
/// address we derived. The signer is a key anvil has never heard of, so the node cannot be "helping".
/// </summary>
public sealed class SignedTransactionAnvilTests(AnvilNode node) : IClassFixture<AnvilNode>
{
    // Runtime: PUSH1 42, PUSH1 0, MSTORE, PUSH1 32, PUSH1 0, RETURN (answers 42 to any call).
    private const string Runtime = "602a60005260206000f3";

    // Init code: CODECOPY the 10-byte runtime that follows these 12 bytes, RETURN it.
    private const string InitCode = "0x600a600c600039600a6000f3" + Runtime;

    private readonly EthClient _eth = new(Rpc.Counted(node.RpcUrl).Client);

    private async Task<EthECKey> FundedFreshKeyAsync(CancellationToken ct)
    {
        var key = EthECKey.Generate();
        await new AnvilClient(_eth.Rpc).SetBalanceAsync(key.Address, BigInteger.Pow(10, 20), ct);
        return key;
    }

    private async Task<Eip1559Transaction> NewEip1559Async(EthECKey key, Address? to, BigInteger value, byte[] data, CancellationToken ct)
    {
        var tip = await _eth.MaxPriorityFeePerGasAsync(ct);
        var block = await _eth.GetBlockByNumberAsync(BlockParameter.Latest, ct: ct);
        return new Eip1559Transaction
        {
            ChainId = await _eth.ChainIdAsync(ct),
            Nonce = await _eth.GetTransactionCountAsync(key.Address, BlockParameter.Pending, ct),
            MaxPriorityFeePerGas = tip,
            MaxFeePerGas = (block!.BaseFeePerGas ?? 0) * 2 + tip,
            GasLimit = 200_000,
            To = to,
            Value = value,
            Data = data,
        };
    }

    [Fact]
    public async Task Eip1559Transfer_signedByUs_isMinedWithOurAddressAsSender()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = await FundedFreshKeyAsync(ct);
        var recipient = EthECKey.Generate().Address;
        var tx = (await NewEip1559Async(key, recipient, 12345, [], ct)).Sign(key);

        var hash = await _eth.SendRawTransactionAsync(tx.Encode(), ct);
        Assert.Equal(tx.GetHash(), hash);
        var receipt = await _eth.WaitForReceiptAsync(hash, TimeSpan.FromSeconds(15), ct);

        Assert.True(receipt.Succeeded);
        Assert.Equal(key.Address, receipt.From);
        Assert.Equal(2, receipt.Type);
        var seen = await _eth.GetTransactionByHashAsync(hash, ct);
        Assert.Equal(key.Address, seen!.From);
        Assert.Equal(new BigInteger(12345), await _eth.GetBalanceAsync(recipient, ct: ct));
    }

    [Fact]
    public async Task LegacyEip155Transfer_signedByUs_isMinedWithOurAddressAsSender()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = await FundedFreshKeyAsync(ct);
        var recipient = EthECKey.Generate().Address;
        var tx = new LegacyTransaction
        {
            ChainId = await _eth.ChainIdAsync(ct),
            Nonce = await _eth.GetTransactionCountAsync(key.Address, BlockParameter.Pending, ct),
            GasPrice = await _eth.GasPriceAsync(ct) * 2,
            GasLimit = 21_000,
            To = recipient,
            Value = 777,
        }.Sign(key);

        var receipt = await _eth.WaitForReceiptAsync(await _eth.SendRawTransactionAsync(tx.Encode(), ct), TimeSpan.FromSeconds(15), ct);
        Assert.True(receipt.Succeeded);
        Assert.Equal(key.Address, receipt.From);
        Assert.Equal(0, receipt.Type);
        Assert.Equal(new BigInteger(777), await _eth.GetBalanceAsync(recipient, ct: ct));
    }

    [Fact]
    public async Task ContractDeployment_signedByUs_landsAtComputedAddress_withCode()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = await FundedFreshKeyAsync(ct);
        var tx = (await NewEip1559Async(key, null, 0, Hex.Decode(InitCode), ct)).Sign(key);

        var receipt = await _eth.WaitForReceiptAsync(await _eth.SendRawTransactionAsync(tx.Encode(), ct), TimeSpan.FromSeconds(15), ct);
        Assert.True(receipt.Succeeded);
        var expected = ContractAddress.Compute(key.Address, tx.Nonce);
        Assert.Equal(expected, receipt.ContractAddress);

        var code = await _eth.GetCodeAsync(expected, ct: ct);
        Assert.Equal(Runtime, Hex.EncodeBare(code));
        var answer = await _eth.CallAsync(new CallRequest { To = expected }, ct: ct);
        Assert.Equal(new BigInteger(42), Hex.FromBigEndian(answer));
    }

    [Fact]
    public async Task WrongChainId_isRejectedByTheNode()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = await FundedFreshKeyAsync(ct);
        var tx = (await NewEip1559Async(key, key.Address, 1, [], ct) with { ChainId = 1 }).Sign(key);
        var ex = await Assert.ThrowsAsync<RpcException>(() => _eth.SendRawTransactionAsync(tx.Encode(), ct));
        Assert.NotEmpty(ex.RpcMessage);
    }
}
