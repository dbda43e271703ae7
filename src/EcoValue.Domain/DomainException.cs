namespace EcoValue.Domain;

/// <summary>
/// Base of every error this library raises for bad input (malformed JSON, invalid records, inconsistent Merkle dumps);
/// callers catch one type at the boundary and turn it into a 400, never a 500.
/// </summary>
public class DomainException : Exception
{
    public DomainException()
    {
    }

    public DomainException(string message)
        : base(message)
    {
    }

    public DomainException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
