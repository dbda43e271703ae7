namespace EcoValue.Ethereum.Rpc;

/// <summary>
/// Waiting for a receipt. Nodes answer eth_sendRawTransaction before mining (anvil's automine too, in the
/// background), so a receipt can lag the hash: poll with a growing delay until it appears or the deadline passes.
/// </summary>
public static class ReceiptPolling
{
    public static async Task<Receipt> WaitForReceiptAsync(this EthClient eth, byte[] transactionHash, TimeSpan timeout, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(eth);
        var deadline = DateTime.UtcNow + timeout;
        var delay = TimeSpan.FromMilliseconds(20);
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
