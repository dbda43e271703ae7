namespace EcoValue.Ethereum.Transactions;

/// <summary>
/// A transaction that is malformed (bad RLP, wrong field count, non-canonical field), not canonically signed (s &gt; n/2,
/// bad v or yParity), for another chain than expected, or used in a way its state does not allow (e.g. hashing an
/// unsigned transaction).
/// </summary>
public sealed class TransactionException : EthereumException
{
    public TransactionException(string message)
        : base(message)
    {
    }

    public TransactionException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
