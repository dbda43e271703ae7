namespace EcoValue.Data.Accounts;

/// <summary>
/// The four roles (DESIGN.md "Roles and ownership"). The values are the <c>role</c> claim of tokens and cookies and
/// the names of the authorization policies, so an endpoint says <c>RequireAuthorization(Roles.Admin)</c>.
/// </summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Farmer = "farmer";
    public const string Certifier = "certifier";
    public const string Buyer = "buyer";

    public static IReadOnlyList<string> All { get; } = [Admin, Farmer, Certifier, Buyer];

    /// <summary>Exact, case-sensitive: roles are machine values, not user text.</summary>
    public static bool IsValid(string? role) => role is Admin or Farmer or Certifier or Buyer;
}
