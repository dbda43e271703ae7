namespace EcoValue.Ethereum.Rlp;

/// <summary>
/// Input that is not canonical RLP (Yellow Paper appendix B): truncated, over-long, non-minimal, or not the shape the
/// reader asked for. <see cref="Offset"/> is the byte position of the offending item in the decoded input, or -1 when
/// the item was built in memory rather than decoded.
/// </summary>
public sealed class RlpException : EthereumException
{
    public RlpException(string message, int offset)
        : base(offset >= 0 ? $"RLP: {message} (at offset {offset})" : $"RLP: {message}")
    {
        Offset = offset;
    }

    public int Offset { get; }
}
