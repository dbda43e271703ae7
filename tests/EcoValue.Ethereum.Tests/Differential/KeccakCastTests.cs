using EcoValue.Testing;

namespace EcoValue.Ethereum.Tests.Differential;

/// <summary>Keccak-256 against the pinned <c>cast keccak</c> on random inputs, including lengths around the 136-byte rate.</summary>
public class KeccakCastTests
{
    private const int Cases = 1000;
    private const int Seed = 20261123;

    [Fact]
    public async Task Hash_randomInputs_matchesCast()
    {
        var cast = Cast.Require();
        var rng = new Random(Seed);
        var inputs = new List<byte[]>(Cases);
        for (var i = 0; i < Cases; i++)
        {
            // A third of the cases sit right on the sponge's block boundaries, where padding bugs live.
            var length = (i % 3) switch
            {
                0 => (136 * rng.Next(0, 4)) + rng.Next(-2, 3),
                _ => rng.Next(0, 600),
            };
            var data = new byte[Math.Max(0, length)];
            rng.NextBytes(data);
            inputs.Add(data);
        }

        var expected = await cast.RunManyAsync([.. inputs.Select(d => new[] { "keccak", Hex.Encode(d) })]);
        for (var i = 0; i < Cases; i++)
        {
            var ours = Hex.Encode(Keccak.Hash(inputs[i]));
            Assert.True(expected[i] == ours, $"seed {Seed} case {i}: input {Hex.Encode(inputs[i])} cast {expected[i]} ours {ours}");
        }
    }

    [Theory]
    [InlineData("热带雨林国家公园")]
    [InlineData("海南绿色低碳")]
    [InlineData("Anchored(bytes32,uint32)")]
    public async Task HashUtf8_text_matchesCast(string text)
    {
        var cast = Cast.Require();
        Assert.Equal(await cast.RunAsync("keccak", text), Hex.Encode(Keccak.HashUtf8(text)));
    }
}
