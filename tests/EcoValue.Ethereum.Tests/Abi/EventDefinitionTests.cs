using System.Numerics;
using EcoValue.Ethereum.Abi;
using EcoValue.Testing;

namespace EcoValue.Ethereum.Tests.Abi;

public class EventDefinitionTests
{
    private static readonly EventDefinition Anchored = EventDefinition.Parse("Anchored(bytes32 indexed root, uint32 leafCount, uint64 at)");

    private static byte[] Word(string hex) => Hex.Decode(hex.PadLeft(64, '0'));

    [Fact]
    public void Parse_readsNamesIndexedAndCanonicalSignature()
    {
        Assert.Equal("Anchored", Anchored.Name);
        Assert.Equal("Anchored(bytes32,uint32,uint64)", Anchored.Signature);
        Assert.Equal(Keccak.HashUtf8("Anchored(bytes32,uint32,uint64)"), Anchored.Topic0);
        Assert.Equal(["root", "leafCount", "at"], Anchored.Parameters.Select(p => p.Name));
        Assert.Equal([true, false, false], Anchored.Parameters.Select(p => p.Indexed));
        Assert.Equal(2, Anchored.TopicCount);
    }

    [Fact]
    public void Decode_anchoredLog_givesNamedValues()
    {
        var root = Keccak.HashUtf8("root");
        byte[][] topics = [Anchored.Topic0, root];
        var data = AbiEncoder.Encode("uint32,uint64", 5, 1_700_000_000UL);

        var decoded = Anchored.Decode(topics, data);
        Assert.Equal(root, decoded.Get<byte[]>("root"));
        Assert.Equal(new BigInteger(5), decoded["leafCount"]);
        Assert.Equal(new BigInteger(1_700_000_000), decoded.Get<BigInteger>("at"));
        Assert.True(Anchored.Matches(topics));
        Assert.Throws<KeyNotFoundException>(() => decoded["nope"]);
    }

    [Fact]
    public void Decode_wrongTopic0_orTopicCount_throws()
    {
        var data = AbiEncoder.Encode("uint32,uint64", 5, 6);
        var other = EventTopic.Of("Transfer(address,address,uint256)");
        Assert.Contains("topic 0", Assert.Throws<AbiException>(() => Anchored.Decode([other, new byte[32]], data)).Message, StringComparison.Ordinal);
        Assert.Throws<AbiException>(() => Anchored.Decode([Anchored.Topic0], data));
        Assert.Throws<AbiException>(() => Anchored.Decode([Anchored.Topic0, new byte[32], new byte[32]], data));
        Assert.Throws<AbiException>(() => Anchored.Decode([Anchored.Topic0, new byte[31]], data));
        Assert.False(Anchored.Matches([other, new byte[32]]));
    }

    [Fact]
    public void Decode_dirtyIndexedTopic_orTruncatedData_throws()
    {
        var transfer = EventDefinition.Parse("event Transfer(address indexed from, address indexed to, uint256 value)");
        var dirty = Word("ff" + new string('0', 22) + "cd2a3d9f938e13cd947ec05abc7fe734df8dd826");
        var ex = Assert.Throws<AbiException>(() => transfer.Decode([transfer.Topic0, dirty, new byte[32]], Word("1")));
        Assert.Contains("from", ex.Message, StringComparison.Ordinal);
        Assert.Throws<AbiException>(() => transfer.Decode([transfer.Topic0, new byte[32], new byte[32]], new byte[31]));
    }

    [Fact]
    public void Decode_indexedDynamicType_returnsItsTopicHash()
    {
        var e = EventDefinition.Parse("Named(string indexed name, uint256[] indexed ids, string note)");
        var nameHash = Keccak.HashUtf8("eco");
        int[] ids = [1, 2];
        var idsHash = Keccak.Hash(AbiEncoder.EncodePacked([AbiType.Parse("uint256[]")], [ids]));
        var decoded = e.Decode([e.Topic0, nameHash, idsHash], AbiEncoder.Encode("string", "free text"));
        Assert.Equal(nameHash, decoded["name"]);
        Assert.Equal(idsHash, decoded["ids"]);
        Assert.Equal("free text", decoded["note"]);
    }

    [Fact]
    public void Anonymous_hasNoTopic0()
    {
        var e = EventDefinition.Parse("event Ping(uint8 indexed a, uint8 indexed b, uint8 indexed c, uint8 indexed d) anonymous");
        Assert.True(e.Anonymous);
        var decoded = e.Decode([Word("1"), Word("2"), Word("3"), Word("4")], []);
        Assert.Equal(new BigInteger(4), decoded["d"]);
    }

    [Theory]
    [InlineData("E(uint8 indexed a, uint8 indexed b, uint8 indexed c, uint8 indexed d)")]
    [InlineData("E(uint8 a, uint8 a)")]
    [InlineData("E(uint8 a) payable")]
    [InlineData("E(uint8 indexed indexed a)")]
    [InlineData("E(uint9 a)")]
    public void Parse_invalid_throws(string signature) =>
        Assert.Throws<AbiException>(() => EventDefinition.Parse(signature));

    [Fact]
    public async Task Decode_matchesCastAbiEncodeEvent()
    {
        // cast abi-encode-event builds topics and data from a signature and values; we decode them back.
        var cast = Cast.Require();
        const int seed = 1712;
        var rng = new Random(seed);
        var random = new AbiRandom(rng);
        var cases = new List<(EventDefinition Event, object?[] Values, string[] Args)>();
        while (cases.Count < 60)
        {
            // cast 1.7.1's abi-encode-event rejects tuple types ("invalid type string: tuple") and encodes each data
            // value on its own (a dynamic one gets offset 0x20 whatever precedes it), so events here have no tuples and
            // their dynamic parameters are all indexed.
            var types = Enumerable.Range(0, rng.Next(1, 6)).Select(_ => TupleFree(random, rng)).ToArray();
            var indexed = types.Select(t => t.IsDynamic || rng.Next(3) == 0).ToArray();
            if (indexed.Count(x => x) > 3)
            {
                continue;
            }

            var parameters = types.Select((t, j) => t.Name + (indexed[j] ? " indexed" : "") + " p" + j).ToArray();
            var definition = EventDefinition.Parse(random.Identifier("E") + "(" + string.Join(", ", parameters) + ")");
            var values = types.Select(random.Value).ToArray();
            string[] args = ["abi-encode-event", definition.Name + "(" + string.Join(", ", parameters) + ")", .. values.Select((v, j) => AbiRandom.CastArgument(types[j], v))];
            cases.Add((definition, values, args));
        }

        var outputs = await cast.RunBatchAsync([.. cases.Select(c => c.Args)]);
        for (var i = 0; i < cases.Count; i++)
        {
            var (definition, values, args) = cases[i];
            var lines = outputs[i].Split('\n').Select(l => l.Trim()).ToArray();
            var topics = lines.Where(l => l.StartsWith("[topic", StringComparison.Ordinal)).Select(l => Hex.Decode(l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())).ToList();
            var dataLine = lines.SingleOrDefault(l => l.StartsWith("[data]", StringComparison.Ordinal)); // absent when all are indexed
            var data = dataLine is null ? [] : Hex.Decode(dataLine[7..].Trim());
            var context = $"seed {seed} case {i}: cast {string.Join(' ', args.Select(a => "'" + a + "'"))}\n{outputs[i]}";
            DecodedEvent decoded;
            try
            {
                decoded = definition.Decode(topics, data);
            }
            catch (AbiException e)
            {
                throw new InvalidOperationException($"{context}\n{e.Message}", e);
            }

            for (var j = 0; j < values.Length; j++)
            {
                var p = definition.Parameters[j];
                var expected = p.Indexed && !p.Type.IsValueType ? topics[definition.Parameters.Take(j + 1).Count(q => q.Indexed)] : values[j];
                AbiAssert.Equal(expected, decoded[j], context);
            }
        }
    }

    private static AbiType TupleFree(AbiRandom random, Random rng)
    {
        while (true)
        {
            var type = random.Type(rng.Next(2) == 0 ? 3 : 1);
            if (!type.Name.Contains('(', StringComparison.Ordinal))
            {
                return type;
            }
        }
    }
}
