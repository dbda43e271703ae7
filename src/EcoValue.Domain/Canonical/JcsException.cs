namespace EcoValue.Domain.Canonical;

/// <summary>
/// A value that has no RFC 8785 canonical form: malformed JSON, a duplicate member name, a lone surrogate,
/// NaN/Infinity or a number outside the IEEE 754 double range, nesting deeper than <see cref="Jcs.MaxDepth"/>.
/// </summary>
public sealed class JcsException : DomainException
{
    public JcsException(string message)
        : base(message)
    {
    }

    public JcsException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
