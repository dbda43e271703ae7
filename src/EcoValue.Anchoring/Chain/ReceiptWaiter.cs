using EcoValue.Ethereum;
using EcoValue.Ethereum.Rpc;

namespace EcoValue.Anchoring.Chain;

/// <summary>Polls for a receipt until it appears or a deadline passes (nodes mine after answering eth_sendRawTransaction).</summary>
public static class ReceiptWaiter
{
    public static async Task<Receipt> WaitAsync(EthClient eth, byte[] transactionHash, TimeSpan timeout, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(eth);
        var deadline = DateTime.UtcNow + timeout;
        var delay = TimeSpan.FromMilliseconds(25);
        while (true)
        {
            if (await eth.GetTransactionReceiptAsync(transactionHash, ct).ConfigureAwait(false) is { } receipt)
            {
                return receipt;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"transaction {Hex.Encode(transactionHash)} was not mined within {timeout.TotalSeconds:F0} s");
            }

            await Task.Delay(delay, ct).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 500));
        }
    }
}
