using System.Text.Json;
using EcoValue.Ethereum.Signing;
using EcoValue.Testing;

namespace EcoValue.Ethereum.Tests;

/// <summary>ethereum/tests BasicTests/keyaddrtest.json: each key gives the listed address.</summary>
public class KeyAddrVectorTests
{
    private static IEnumerable<JsonElement> Vectors()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Requirements.Vector("ethereum/BasicTests_keyaddrtest.json")));
        return [.. doc.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    [Fact]
    public void EveryVector_keyGivesListedAddress()
    {
        var count = 0;
        foreach (var v in Vectors())
        {
            var key = new EthECKey(v.GetProperty("key").GetString()!);
            Assert.Equal(v.GetProperty("addr").GetString(), Hex.EncodeBare(key.Address.Bytes));

            // Our own signature over keccak256("") is deterministic, low-s and recovers to the listed address.
            // The file's sig_of_emptystring is not checked: it recovers to the listed address for no standard
            // message hash (keccak(""), sha256(""), zero, EIP-191 ""), and Nethermind ignores it for the same reason.
            // Exact signature bytes are pinned instead by BasicTests_txtest.json (RFC 6979 signed transactions).
            var ours = key.Sign(Keccak.Hash([]));
            Assert.True(ours.IsLowS);
            Assert.Equal(ours, key.Sign(Keccak.Hash([])));
            Assert.Equal(key.Address, EthECKey.RecoverAddress(Keccak.Hash([]), ours));
            count++;
        }

        Assert.True(count >= 2, $"expected the file's vectors, read {count}");
    }
}
