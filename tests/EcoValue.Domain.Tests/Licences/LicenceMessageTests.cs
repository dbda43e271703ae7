using EcoValue.Domain.Licences;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Eip712;

namespace EcoValue.Domain.Tests.Licences;

public sealed class LicenceMessageTests
{
    // The type strings exactly as contracts/src/LicenceRegistry.sol hashes them (ISSUE_LICENCE_TYPEHASH, STATUS_CHANGE_TYPEHASH).
    private const string IssueType = "IssueLicence(bytes32 licenceId,bytes32 brandId,bytes32 holder,bytes32 documentHash,bytes32 standardHash,"
        + "uint64 validFrom,uint64 validUntil,uint256 nonce,uint256 deadline)";

    private const string StatusType = "StatusChange(bytes32 licenceId,uint8 action,bytes32 reasonHash,uint256 nonce,uint256 deadline)";

    private static IssueLicenceMessage Issue() => new(
        Keccak.HashUtf8("licence"), Keccak.HashUtf8("brand"), Keccak.HashUtf8("holder"), Keccak.HashUtf8("doc"), Keccak.HashUtf8("std"),
        1_740_787_200, 1_835_481_600, 7, 1_900_000_000);

    [Fact]
    public void TypeStrings_areTheContracts()
    {
        var domain = LicenceTestData.Registry;
        Assert.Equal(IssueType, Issue().ToTypedData(domain).EncodeType());
        var status = new StatusChangeMessage(Keccak.HashUtf8("licence"), LicenceAction.Revoke, Keccak.HashUtf8("why"), 0, 1);
        Assert.Equal(StatusType, status.ToTypedData(domain).EncodeType());
    }

    [Fact]
    public void Sign_recoversTheSigner_andAnyFieldChangesTheDigest()
    {
        var domain = LicenceTestData.Registry;
        var message = Issue();
        var signature = message.Sign(LicenceTestData.CertifierKey, domain);
        Assert.Equal(LicenceTestData.CertifierKey.Address, message.RecoverSigner(domain, signature));

        var digest = message.Digest(domain);
        IssueLicenceMessage[] variants =
        [
            new(Keccak.HashUtf8("other"), message.BrandId, message.Holder, message.DocumentHash, message.StandardHash, message.ValidFrom, message.ValidUntil, message.Nonce, message.Deadline),
            new(message.LicenceId, message.BrandId, message.Holder, message.DocumentHash, message.StandardHash, message.ValidFrom, message.ValidUntil + 1, message.Nonce, message.Deadline),
            new(message.LicenceId, message.BrandId, message.Holder, message.DocumentHash, message.StandardHash, message.ValidFrom, message.ValidUntil, message.Nonce + 1, message.Deadline),
        ];
        foreach (var variant in variants)
        {
            Assert.NotEqual(digest, variant.Digest(domain));
        }

        Assert.NotEqual(digest, message.Digest(domain with { ChainId = 1 }));
        Assert.NotEqual(digest, message.Digest(domain with { VerifyingContract = Address.Zero }));
    }

    [Fact]
    public void FromTypedData_roundTripsThroughJson_andRefusesOtherTypes()
    {
        var domain = LicenceTestData.Registry;
        var message = Issue();
        var json = message.ToTypedData(domain).ToJson();
        Assert.Equal(message, IssueLicenceMessage.FromTypedData(TypedData.FromJson(json)));

        var status = new StatusChangeMessage(Keccak.HashUtf8("licence"), LicenceAction.Suspend, Keccak.HashUtf8("why"), 3, 4);
        Assert.Equal(status, StatusChangeMessage.FromTypedData(TypedData.FromJson(status.ToTypedData(domain).ToJson())));
        Assert.Throws<Eip712Exception>(() => IssueLicenceMessage.FromTypedData(status.ToTypedData(domain)));

        // Same name, one member renamed: not the contract's struct.
        var renamed = json.Replace("\"holder\"", "\"owner\"", StringComparison.Ordinal);
        Assert.Throws<Eip712Exception>(() => IssueLicenceMessage.FromTypedData(TypedData.FromJson(renamed)));
    }

    [Fact]
    public void Constructor_refusesWordsOfTheWrongLength()
    {
        Assert.Throws<ArgumentException>(() => new StatusChangeMessage(new byte[31], LicenceAction.Suspend, new byte[32], 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StatusChangeMessage(new byte[32], LicenceAction.Suspend, new byte[32], -1, 0));
    }

    [Fact]
    public void DomainSeparator_isTheEip712HashOfTheFourFields()
    {
        var domain = LicenceTestData.Registry;
        // keccak256(abi.encode(typeHash, keccak(name), keccak(version), chainId, contract)), as OpenZeppelin's EIP712 builds it.
        var typeHash = Keccak.HashUtf8("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
        var expected = Keccak.Hash(EcoValue.Ethereum.Abi.AbiEncoder.Encode("bytes32,bytes32,bytes32,uint256,address",
            typeHash, Keccak.HashUtf8(LicenceRegistryDomain.Name), Keccak.HashUtf8(LicenceRegistryDomain.Version), domain.ChainId, domain.VerifyingContract));
        Assert.Equal(expected, domain.Separator());
        Assert.Equal(expected, Issue().ToTypedData(domain).DomainSeparator());
    }
}
