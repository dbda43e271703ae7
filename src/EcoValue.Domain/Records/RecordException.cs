namespace EcoValue.Domain.Records;

/// <summary>An envelope or salted digest that breaks the record format: a missing, unknown or mistyped field, a bad id, timestamp or salt, oversized data.</summary>
public sealed class RecordException : DomainException
{
    public RecordException(string message)
        : base(message)
    {
    }

    public RecordException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
