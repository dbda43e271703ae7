namespace EcoValue.Domain.Licences;

/// <summary>
/// A licence's lifecycle as <c>LicenceRegistry</c> stores it (<c>ILicenceRegistry.LicenceStatus</c>); the numbers are
/// the contract's. <see cref="None"/> means the chain has no such licence; <see cref="Revoked"/> is final.
/// </summary>
public enum LicenceStatus : byte
{
    None = 0,
    Active = 1,
    Suspended = 2,
    Revoked = 3,
}

/// <summary>
/// What a certifier's <see cref="StatusChangeMessage"/> does; the numbers are the contract's <c>action</c> values.
/// Suspend: Active -> Suspended; reinstate: Suspended -> Active; revoke: Active or Suspended -> Revoked (final).
/// </summary>
public enum LicenceAction : byte
{
    Suspend = 1,
    Reinstate = 2,
    Revoke = 3,
}
