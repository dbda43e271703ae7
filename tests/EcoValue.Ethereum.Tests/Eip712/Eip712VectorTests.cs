using System.Numerics;
using EcoValue.Ethereum.Eip712;
using EcoValue.Ethereum.Signing;

namespace EcoValue.Ethereum.Tests.Eip712;

/// <summary>The EIP's own example and MetaMask eth-sig-util's v4 test vectors.</summary>
public class Eip712VectorTests
{
    /// <summary>EIP-712 "Specification of the eth_signTypedData JSON RPC" example (also assets/eip-712/Example.js).</summary>
    internal const string MailJson = """
        {
          "types": {
            "EIP712Domain": [
              { "name": "name", "type": "string" },
              { "name": "version", "type": "string" },
              { "name": "chainId", "type": "uint256" },
              { "name": "verifyingContract", "type": "address" }
            ],
            "Person": [
              { "name": "name", "type": "string" },
              { "name": "wallet", "type": "address" }
            ],
            "Mail": [
              { "name": "from", "type": "Person" },
              { "name": "to", "type": "Person" },
              { "name": "contents", "type": "string" }
            ]
          },
          "primaryType": "Mail",
          "domain": {
            "name": "Ether Mail",
            "version": "1",
            "chainId": 1,
            "verifyingContract": "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"
          },
          "message": {
            "from": { "name": "Cow", "wallet": "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826" },
            "to": { "name": "Bob", "wallet": "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB" },
            "contents": "Hello, Bob!"
          }
        }
        """;

    /// <summary>MetaMask eth-sig-util src/index.test.ts, "signedTypeData_v4": arrays of addresses and of structs.</summary>
    internal const string MailV4Json = """
        {
          "types": {
            "EIP712Domain": [
              { "name": "name", "type": "string" },
              { "name": "version", "type": "string" },
              { "name": "chainId", "type": "uint256" },
              { "name": "verifyingContract", "type": "address" }
            ],
            "Person": [
              { "name": "name", "type": "string" },
              { "name": "wallets", "type": "address[]" }
            ],
            "Mail": [
              { "name": "from", "type": "Person" },
              { "name": "to", "type": "Person[]" },
              { "name": "contents", "type": "string" }
            ],
            "Group": [
              { "name": "name", "type": "string" },
              { "name": "members", "type": "Person[]" }
            ]
          },
          "domain": {
            "name": "Ether Mail",
            "version": "1",
            "chainId": 1,
            "verifyingContract": "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"
          },
          "primaryType": "Mail",
          "message": {
            "from": {
              "name": "Cow",
              "wallets": ["0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826", "0xDeaDbeefdEAdbeefdEadbEEFdeadbeEFdEaDbeeF"]
            },
            "to": [
              {
                "name": "Bob",
                "wallets": [
                  "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB",
                  "0xB0BdaBea57B0BDABeA57b0bdABEA57b0BDabEa57",
                  "0xB0B0b0b0b0b0B000000000000000000000000000"
                ]
              }
            ],
            "contents": "Hello, Bob!"
          }
        }
        """;

    private static readonly EthECKey Cow = new(Keccak.HashUtf8("cow"));

    [Fact]
    public void SpecExample_mail_everyStepMatchesTheEip()
    {
        var data = TypedData.FromJson(MailJson);
        Assert.Equal("Mail(Person from,Person to,string contents)Person(string name,address wallet)", data.EncodeType());
        Assert.Equal("0xa0cedeb2dc280ba39b857546d74f5549c3a1d7bdc2dd96bf881f76108e23dac2", Hex.Encode(data.Encoder.TypeHash("Mail")));
        Assert.Equal("0xc52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e", Hex.Encode(data.HashStruct()));
        Assert.Equal("0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f", Hex.Encode(data.DomainSeparator()));
        Assert.Equal("0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2", Hex.Encode(data.Digest()));
    }

    [Fact]
    public void SpecExample_signedWithKeccakOfCow_givesTheEipSignature()
    {
        // EIP-712 Example.js: the signer's key is keccak256("cow"), address 0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826.
        Assert.Equal("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826", Cow.Address.ToString());
        var data = TypedData.FromJson(MailJson);
        var signature = Eip712Signer.Sign(Cow, data);
        Assert.Equal(28, signature.V);
        Assert.Equal(BigInteger.Parse("04355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d", System.Globalization.NumberStyles.HexNumber), signature.R);
        Assert.Equal(BigInteger.Parse("007299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562", System.Globalization.NumberStyles.HexNumber), signature.S);
        Assert.Equal(Cow.Address, Eip712Signer.RecoverAddress(data, signature));
        Assert.True(Eip712Signer.Verify(data, signature, Cow.Address));
    }

    [Fact]
    public void SpecExample_builtInCode_equalsTheJson()
    {
        var person = new[] { new TypedDataField("name", "string"), new TypedDataField("wallet", "address") };
        var mail = new[] { new TypedDataField("from", "Person"), new TypedDataField("to", "Person"), new TypedDataField("contents", "string") };
        var domain = new Eip712Domain
        {
            Name = "Ether Mail",
            Version = "1",
            ChainId = 1,
            VerifyingContract = Address.Parse("0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"),
        };
        var message = new Dictionary<string, object?>
        {
            ["from"] = new Dictionary<string, object?> { ["name"] = "Cow", ["wallet"] = Address.Parse("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826") },
            ["to"] = new Dictionary<string, object?> { ["name"] = "Bob", ["wallet"] = Address.Parse("0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB") },
            ["contents"] = "Hello, Bob!",
        };
        var types = new Dictionary<string, IReadOnlyList<TypedDataField>> { ["Person"] = person, ["Mail"] = mail };
        var data = new TypedData(types, "Mail", domain, message);
        Assert.Equal("0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2", Hex.Encode(Eip712Signer.Hash(data)));

        // And from the raw parts, as a contract computes them.
        var signature = Eip712Signer.Sign(Cow, data.DomainSeparator(), data.HashStruct());
        Assert.Equal(Eip712Signer.Sign(Cow, data), signature);
        Assert.Equal(Cow.Address, Eip712Signer.RecoverAddress(data.DomainSeparator(), data.HashStruct(), signature));
    }

    [Fact]
    public void EthSigUtilV4_arraysOfAddressesAndStructs_matchEveryIntermediateHash()
    {
        var data = TypedData.FromJson(MailV4Json);
        var message = data.Message;
        Assert.Equal("0xfabfe1ed996349fc6027709802be19d047da1aa5d6894ff5f6486d92db2e6860", Hex.Encode(data.Encoder.TypeHash("Person")));
        Assert.Equal("0x9b4846dd48b866f0ac54d61b9b21a9e746f921cefa4ee94c4c0a1c49c774f67f", Hex.Encode(data.Encoder.HashStruct("Person", (IReadOnlyDictionary<string, object?>)message["from"]!)));
        var to0 = (IReadOnlyDictionary<string, object?>)((IReadOnlyList<object?>)message["to"]!)[0]!;
        Assert.Equal("0xefa62530c7ae3a290f8a13a5fc20450bdb3a6af19d9d9d2542b5a94e631a9168", Hex.Encode(data.Encoder.HashStruct("Person", to0)));
        Assert.Equal("0x4bd8a9a2b93427bb184aca81e24beb30ffa3c747e2a33d4225ec08bf12e2e753", Hex.Encode(data.Encoder.TypeHash("Mail")));
        Assert.Equal("0xeb4221181ff3f1a83ea7313993ca9218496e424604ba9492bb4052c03d5c3df8", Hex.Encode(data.HashStruct()));
        Assert.Equal("0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f", Hex.Encode(data.DomainSeparator()));
        Assert.Equal("0xa85c2e2b118698e88db68a8105b794a8cc7cec074e89ef991cb4f5f533819cc2", Hex.Encode(data.Digest()));
        Assert.Equal(
            "0x65cbd956f2fae28a601bebc9b906cea0191744bd4c4247bcd27cd08f8eb6b71c78efdf7a31dc9abee78f492292721f362d296cf86b4538e07b51303b67f749061b",
            Eip712Signer.Sign(Cow, data).ToHex());
    }

    [Fact]
    public void EthSigUtilV4_recursiveType_nullStructsEncodeAsZero()
    {
        // eth-sig-util src/index.test.ts, "signedTypeData_v4 with recursive types". There the absent parents are left
        // out; we require every field, so they are written as explicit nulls, which v4 encodes the same way (zero word).
        const string json = """
            {
              "types": {
                "EIP712Domain": [
                  { "name": "name", "type": "string" },
                  { "name": "version", "type": "string" },
                  { "name": "chainId", "type": "uint256" },
                  { "name": "verifyingContract", "type": "address" }
                ],
                "Person": [
                  { "name": "name", "type": "string" },
                  { "name": "mother", "type": "Person" },
                  { "name": "father", "type": "Person" }
                ]
              },
              "domain": { "name": "Family Tree", "version": "1", "chainId": 1, "verifyingContract": "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC" },
              "primaryType": "Person",
              "message": {
                "name": "Jon",
                "mother": { "name": "Lyanna", "mother": null, "father": { "name": "Rickard", "mother": null, "father": null } },
                "father": { "name": "Rhaegar", "mother": null, "father": { "name": "Aeris II", "mother": null, "father": null } }
              }
            }
            """;
        var data = TypedData.FromJson(json);
        Assert.Equal("Person(string name,Person mother,Person father)", data.EncodeType());
        Assert.Equal("0x7c5c8e90cb92c8da53b893b24962513be98afcf1b57b00327ae4cc14e3a64116", Hex.Encode(data.Encoder.TypeHash("Person")));
        var mother = (IReadOnlyDictionary<string, object?>)data.Message["mother"]!;
        Assert.Equal(
            "0x7c5c8e90cb92c8da53b893b24962513be98afcf1b57b00327ae4cc14e3a64116" +
            "afe4142a2b3e7b0503b44951e6030e0e2c5000ef83c61857e2e6003e7aef8570" +
            "0000000000000000000000000000000000000000000000000000000000000000" +
            "88f14be0dd46a8ec608ccbff6d3923a8b4e95cdfc9648f0db6d92a99a264cb36",
            Hex.Encode(data.Encoder.EncodeData("Person", mother)));
        Assert.Equal("0xfdc7b6d35bbd81f7fa78708604f57569a10edff2ca329c8011373f0667821a45", Hex.Encode(data.HashStruct()));
        Assert.Equal("0xfacb2c1888f63a780c84c216bd9a81b516fc501a19bae1fc81d82df590bbdc60", Hex.Encode(data.DomainSeparator()));
        Assert.Equal("0x807773b9faa9879d4971b43856c4d60c2da15c6f8c062bd9d33afefb756de19c", Hex.Encode(data.Digest()));
        var dragon = new EthECKey(Keccak.HashUtf8("dragon"));
        Assert.Equal(
            "0xf2ec61e636ff7bb3ac8bc2a4cc2c8b8f635dd1b2ec8094c963128b358e79c85c5ca6dd637ed7e80f0436fe8fce39c0e5f2082c9517fe677cc2917dcd6c84ba881c",
            Eip712Signer.Sign(dragon, data).ToHex());
    }

    [Fact]
    public void EncodeType_listsReferencedTypesOnceSortedByName_primaryFirst()
    {
        var types = new Dictionary<string, IReadOnlyList<TypedDataField>>
        {
            ["Zed"] = [new("b", "Beta"), new("a", "Alpha[]"), new("c", "Beta[2][]")],
            ["Beta"] = [new("a", "Alpha"), new("z", "Zed[]")],
            ["Alpha"] = [new("x", "uint8")],
            ["Unused"] = [new("x", "bool")],
            ["alpha"] = [new("x", "bool")],
        };
        var encoder = new TypedDataEncoder(types);
        Assert.Equal("Zed(Beta b,Alpha[] a,Beta[2][] c)Alpha(uint8 x)Beta(Alpha a,Zed[] z)", encoder.EncodeType("Zed"));
        Assert.Equal("Beta(Alpha a,Zed[] z)Alpha(uint8 x)Zed(Beta b,Alpha[] a,Beta[2][] c)", encoder.EncodeType("Beta"));
    }
}
