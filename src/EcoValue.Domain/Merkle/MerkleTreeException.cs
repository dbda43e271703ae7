namespace EcoValue.Domain.Merkle;

/// <summary>Bad Merkle input: no leaves, a node or value that is not 32 bytes, an index out of range, a malformed proof or an inconsistent dump.</summary>
public sealed class MerkleTreeException : DomainException
{
    public MerkleTreeException(string message)
        : base(message)
    {
    }

    public MerkleTreeException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
