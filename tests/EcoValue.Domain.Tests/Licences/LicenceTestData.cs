using EcoValue.Domain.Licences;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Signing;

namespace EcoValue.Domain.Tests.Licences;

/// <summary>A plausible licence for a Baisha tea cooperative, with a fixed certifier key so failures reproduce.</summary>
internal static class LicenceTestData
{
    public static readonly EthECKey CertifierKey = new("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");

    public static readonly LicenceRegistryDomain Registry = new(31337, Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"));

    public static LicenceCredentialInput Input(EthECKey? certifier = null) => new(
        Guid.Parse("01963a2e-7c1b-7d3e-9f00-1234567890ab"),
        Registry,
        new LicenceIssuer((certifier ?? CertifierKey).Address, "海南省生态产品认证中心 Hainan Eco-Product Certification Centre"),
        new LicenceParty("urn:ecovalue:producer:01963a2e-0000-7000-8000-000000000001", "白沙县绿野茶叶专业合作社"),
        new LicenceParty("baisha-liangshi", "白沙良食"),
        new LicenceStandardRef("baisha-liangshi-tea", "2025.1", Keccak.HashUtf8("standard text v2025.1")),
        new LicenceScope(["urn:ecovalue:plot:p-001", "urn:ecovalue:plot:p-002"], ["tea"]),
        [new LicenceQuota("tea", "2025", 1234.5m), new LicenceQuota("tea", "2026", 1300m)],
        new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2028, 3, 1, 0, 0, 0, TimeSpan.Zero));
}
