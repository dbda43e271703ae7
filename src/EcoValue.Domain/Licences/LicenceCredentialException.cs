using EcoValue.Domain.Validation;

namespace EcoValue.Domain.Licences;

/// <summary>
/// A licence document that is malformed or whose proof does not hold: <see cref="Error"/> names the member
/// (e.g. <c>proof.proofValue</c>), a stable code (e.g. <c>licence.signer</c>) and the reason in English and Chinese.
/// A verify endpoint reports it as the verdict "invalid", not as a server error.
/// </summary>
public sealed class LicenceCredentialException : DomainException
{
    public LicenceCredentialException(FieldError error)
        : base($"{error?.Field}: {error?.En}")
    {
        Error = error!;
    }

    public LicenceCredentialException(string message)
        : this(new FieldError(string.Empty, "licence.invalid", message, message))
    {
    }

    public LicenceCredentialException(string message, Exception inner)
        : base(message, inner)
    {
        Error = new FieldError(string.Empty, "licence.invalid", message, message);
    }

    public FieldError Error { get; }
}
