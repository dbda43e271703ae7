using System.Globalization;
using System.Text;
using System.Text.Json;
using EcoValue.Ethereum;

namespace EcoValue.Domain.Merkle;

public sealed partial class StandardMerkleTree
{
    private const string Format = "standard-v1";

    /// <summary>
    /// The tree as OZ's <c>JSON.stringify(tree.dump())</c> writes it, character for character:
    /// <c>{"format":"standard-v1","leafEncoding":["bytes32"],"tree":["0x…",…],"values":[{"value":["0x…"],"treeIndex":n},…]}</c>
    /// with lower-case hex and values in input order.
    /// </summary>
    public string Dump()
    {
        var sb = new StringBuilder(64 + (NodeCount * 69) + (Count * 96));
        sb.Append("{\"format\":\"").Append(Format).Append("\",\"leafEncoding\":[\"bytes32\"],\"tree\":[");
        for (var i = 0; i < NodeCount; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            AppendHex(sb, NodeSpan(i));
        }

        sb.Append("],\"values\":[");
        for (var v = 0; v < Count; v++)
        {
            if (v > 0)
            {
                sb.Append(',');
            }

            sb.Append("{\"value\":[");
            AppendHex(sb, ValueSpan(v));
            sb.Append("],\"treeIndex\":").Append(_treeIndex[v].ToString(CultureInfo.InvariantCulture)).Append('}');
        }

        return sb.Append("]}").ToString();
    }

    /// <summary>Loads a dump (ours or OZ's) after checking it completely; see <see cref="Load(ReadOnlySpan{byte})"/>.</summary>
    public static StandardMerkleTree Load(string dump)
    {
        ArgumentNullException.ThrowIfNull(dump);
        return Load(Encoding.UTF8.GetBytes(dump));
    }

    /// <summary>
    /// Loads a <c>standard-v1</c> dump with leaf encoding <c>["bytes32"]</c>. Checks what OZ's <c>load</c> checks (every
    /// internal node is the hash of its children, every value's leaf is where its treeIndex says) and more: no unknown
    /// members, tree nodes as lower-case 0x hex (OZ compares them as strings), exactly one value per leaf. Leaves need
    /// not be sorted (OZ's <c>sortLeaves: false</c> trees load too). Values may use either hex case.
    /// </summary>
    /// <exception cref="MerkleTreeException">anything malformed or inconsistent.</exception>
    public static StandardMerkleTree Load(ReadOnlySpan<byte> utf8Dump)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Dump.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw new MerkleTreeException($"Merkle dump is not JSON: {e.Message}", e);
        }

        using (document)
        {
            try
            {
                return Load(document.RootElement);
            }
            catch (InvalidOperationException e)
            {
                throw new MerkleTreeException($"Merkle dump has a string that is not valid Unicode: {e.Message}", e);
            }
        }
    }

    private static StandardMerkleTree Load(JsonElement root)
    {
        var members = Members(root, "dump", "format", "leafEncoding", "tree", "values");
        if (members[0].ValueKind != JsonValueKind.String || members[0].GetString() != Format)
        {
            throw new MerkleTreeException($"unknown dump format {Raw(members[0])}; expected \"{Format}\"");
        }

        var encoding = members[1];
        if (encoding.ValueKind != JsonValueKind.Array || encoding.GetArrayLength() != 1 || encoding[0].ValueKind != JsonValueKind.String || encoding[0].GetString() != "bytes32")
        {
            throw new MerkleTreeException($"leaf encoding must be [\"bytes32\"], got {Raw(encoding)}");
        }

        var treeJson = RequireArray(members[2], "tree");
        var nodeCount = treeJson.GetArrayLength();
        if (nodeCount == 0 || nodeCount % 2 == 0)
        {
            throw new MerkleTreeException($"a tree of n leaves has 2n-1 nodes; {nodeCount} is not such a count");
        }

        var tree = new byte[nodeCount * H];
        var i = 0;
        foreach (var node in treeJson.EnumerateArray())
        {
            ReadHash(node, $"tree[{i}]", lowerCaseOnly: true, tree.AsSpan(i * H, H));
            i++;
        }

        var n = (nodeCount + 1) / 2;
        var valuesJson = RequireArray(members[3], "values");
        if (valuesJson.GetArrayLength() != n)
        {
            throw new MerkleTreeException($"a tree of {nodeCount} nodes has {n} leaves, but the dump lists {valuesJson.GetArrayLength()} values");
        }

        var values = new byte[n * H];
        var treeIndex = new int[n];
        var claimed = new bool[n];
        Span<byte> leaf = stackalloc byte[H];
        var v = 0;
        foreach (var entry in valuesJson.EnumerateArray())
        {
            var fields = Members(entry, $"values[{v}]", "value", "treeIndex");
            var value = RequireArray(fields[0], $"values[{v}].value");
            if (value.GetArrayLength() != 1)
            {
                throw new MerkleTreeException($"values[{v}].value must hold exactly one bytes32");
            }

            ReadHash(value[0], $"values[{v}].value[0]", lowerCaseOnly: false, values.AsSpan(v * H, H));
            if (fields[1].ValueKind != JsonValueKind.Number || !fields[1].TryGetInt32(out var at) || at < n - 1 || at >= nodeCount)
            {
                throw new MerkleTreeException($"values[{v}].treeIndex must be a leaf position {n - 1}..{nodeCount - 1}, got {Raw(fields[1])}");
            }

            if (claimed[at - (n - 1)])
            {
                throw new MerkleTreeException($"values[{v}].treeIndex {at} is already taken by another value");
            }

            claimed[at - (n - 1)] = true;
            LeafHash(values.AsSpan(v * H, H), leaf);
            if (!leaf.SequenceEqual(tree.AsSpan(at * H, H)))
            {
                throw new MerkleTreeException($"values[{v}] does not hash to the leaf at tree[{at}]");
            }

            treeIndex[v++] = at;
        }

        Span<byte> expected = stackalloc byte[H];
        for (var k = nodeCount - 1 - n; k >= 0; k--)
        {
            MerkleProof.HashPair(tree.AsSpan(((2 * k) + 1) * H, H), tree.AsSpan(((2 * k) + 2) * H, H), expected);
            if (!expected.SequenceEqual(tree.AsSpan(k * H, H)))
            {
                throw new MerkleTreeException($"tree[{k}] is not the hash of its children tree[{(2 * k) + 1}] and tree[{(2 * k) + 2}]");
            }
        }

        return new StandardMerkleTree(tree, values, treeIndex);
    }

    /// <summary>The named members of an object in the order given; a missing, repeated or unknown member is an error.</summary>
    private static JsonElement[] Members(JsonElement obj, string what, params string[] names)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            throw new MerkleTreeException($"{what} must be a JSON object");
        }

        var found = new JsonElement[names.Length];
        var seen = new bool[names.Length];
        foreach (var property in obj.EnumerateObject())
        {
            var k = Array.IndexOf(names, property.Name);
            if (k < 0)
            {
                throw new MerkleTreeException($"{what} has an unknown member \"{property.Name}\"");
            }

            if (seen[k])
            {
                throw new MerkleTreeException($"{what} has \"{property.Name}\" twice");
            }

            seen[k] = true;
            found[k] = property.Value;
        }

        var missing = Array.IndexOf(seen, false);
        return missing < 0 ? found : throw new MerkleTreeException($"{what} lacks \"{names[missing]}\"");
    }

    private static JsonElement RequireArray(JsonElement element, string what) =>
        element.ValueKind == JsonValueKind.Array ? element : throw new MerkleTreeException($"{what} must be a JSON array");

    private static void ReadHash(JsonElement element, string what, bool lowerCaseOnly, Span<byte> destination)
    {
        var text = element.ValueKind == JsonValueKind.String ? element.GetString()! : null;
        if (text is not { Length: 2 + (2 * H) } || !text.StartsWith("0x", StringComparison.Ordinal)
            || (lowerCaseOnly && text.AsSpan(2).ContainsAnyInRange('A', 'F')))
        {
            throw new MerkleTreeException($"{what} must be a 0x-prefixed 32-byte hex string{(lowerCaseOnly ? " in lower case" : string.Empty)}, got {Raw(element)}");
        }

        try
        {
            Hex.DecodeFixed(text, H).CopyTo(destination);
        }
        catch (HexFormatException e)
        {
            throw new MerkleTreeException($"{what}: {e.Message}", e);
        }
    }

    private static string Raw(JsonElement element)
    {
        var raw = element.GetRawText();
        return raw.Length <= 80 ? raw : string.Concat(raw.AsSpan(0, 77), "...");
    }

    private static void AppendHex(StringBuilder sb, ReadOnlySpan<byte> bytes)
    {
        Span<char> chars = stackalloc char[2 * H];
        Convert.TryToHexStringLower(bytes, chars, out _);
        sb.Append("\"0x").Append(chars).Append('"');
    }
}
