using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcoValue.Api.Features.Verification;
using EcoValue.Domain.Merkle;
using EcoValue.Domain.Verification;
using EcoValue.Ethereum;

namespace EcoValue.Api.Tests.Verification;

/// <summary>
/// verify.js, the in-browser check, under node against what C# computes: keccak-256 (EcoValue.Ethereum), OpenZeppelin
/// StandardMerkleTree proofs (EcoValue.Domain.Merkle), and whole views with real proofs, each way of lying about them
/// caught. The chain half is in <see cref="VerifyScriptChainTests"/>.
/// </summary>
public sealed class VerifyScriptTests
{
    [Fact]
    public async Task Keccak_equalsEthereumKeccak_forEveryLength0To300_andLongerRandomInputs()
    {
        var rng = new Random(20260503);
        // Every length around the 136-byte rate (135, 136, 137, 271, 272, 273 included), then longer ones.
        var inputs = Enumerable.Range(0, 301).Select(n => Bytes(rng, n)).Concat(Enumerable.Range(0, 40).Select(_ => Bytes(rng, rng.Next(301, 5000)))).ToList();
        var answers = await VerifyScript.RunAsync([.. inputs.Select(b => (object)new { op = "keccak", hex = Hex.Encode(b) })]);
        for (var i = 0; i < inputs.Count; i++)
        {
            Assert.True(Hex.Encode(Keccak.Hash(inputs[i])) == answers[i].GetString(), $"keccak of {inputs[i].Length} bytes differs");
        }

        // keccak256("") is Ethereum's well-known empty hash, not SHA3-256's a7ffc6f8…: the 0x01 padding.
        Assert.Equal("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", answers[0].GetString());
    }

    [Fact]
    public async Task Selector_ofAnchoredAt_isTheContractsFunction()
    {
        var answer = await VerifyScript.RunAsync(new { op = "selector", signature = "anchoredAt(bytes32)" });
        Assert.Equal(Hex.Encode(Keccak.HashUtf8("anchoredAt(bytes32)").AsSpan(0, 4)), answer.GetString());
        Assert.Equal("0x9591a610", answer.GetString());

        // The deployed ABI has it, taking the root and answering (blockNumber, timestamp, leafCount) as verify.js decodes.
        var abi = JsonNode.Parse(File.ReadAllText(Path.Combine(EcoValue.Testing.RepoPaths.Root, "contracts", "artifacts", "AnchorRegistry.json")))!["abi"]!.AsArray();
        var fn = abi.Single(f => (string?)f!["name"] == "anchoredAt")!;
        Assert.Equal(["bytes32"], fn["inputs"]!.AsArray().Select(i => (string)i!["type"]!));
        Assert.Equal(["uint64", "uint64", "uint32"], fn["outputs"]!.AsArray().Select(o => (string)o!["type"]!));
        Assert.Equal(["blockNumber", "timestamp", "leafCount"], fn["outputs"]!.AsArray().Select(o => (string)o!["name"]!));
    }

    [Fact]
    public async Task MerkleProofs_ofCSharpTrees_leadToTheirRoot_andAFlippedByteDoesNot()
    {
        var rng = new Random(7);
        var requests = new List<object>();
        var expected = new List<(string Root, bool Equal, string What)>();
        foreach (var size in new[] { 1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 33, 100 })
        {
            var values = Enumerable.Range(0, size).Select(_ => Bytes(rng, 32)).ToList();
            var tree = StandardMerkleTree.Build(values);
            for (var i = 0; i < size; i++)
            {
                var proof = tree.GetProof(i).Select(p => Hex.Encode(p)).ToList();
                requests.Add(new { op = "root", value = Hex.Encode(values[i]), proof });
                expected.Add((tree.RootHex, true, $"tree of {size}, value {i}"));
                var flippedValue = (byte[])values[i].Clone();
                flippedValue[rng.Next(32)] ^= (byte)(1 << rng.Next(8));
                requests.Add(new { op = "root", value = Hex.Encode(flippedValue), proof });
                expected.Add((tree.RootHex, false, $"tree of {size}, value {i} flipped"));
                if (proof.Count > 0)
                {
                    var bad = proof.ToList();
                    var step = rng.Next(bad.Count);
                    bad[step] = Flip(bad[step], rng);
                    requests.Add(new { op = "root", value = Hex.Encode(values[i]), proof = bad });
                    expected.Add((tree.RootHex, false, $"tree of {size}, value {i}, proof step {step} flipped"));
                }
            }
        }

        var answers = await VerifyScript.RunAsync(requests);
        for (var i = 0; i < answers.Length; i++)
        {
            Assert.True(expected[i].Equal == (answers[i].GetString() == expected[i].Root), expected[i].What + ": " + answers[i]);
        }
    }

    [Fact]
    public async Task GenuineView_everyProofPasses_butWithoutTheChainItIsOnlyPartial()
    {
        var view = ConsumerViews.Genuine().View;
        var report = await VerifyScript.CheckAsync(view);
        var checks = VerifyScript.Checks(report);
        // Without a public node the tree could be the server's own: consistent, not verified.
        Assert.Equal("partial", VerifyScript.Outcome(report));
        // Per record: hash and Merkle proof; per item: serial, serial tree, issuance record; then the chain (not asked).
        Assert.Equal((2 * view.Proofs.Count) + 3 + 1, checks.Count);
        Assert.All(checks.Where(c => c.Key != "chain"), c => Assert.True(c.Ok == true, $"{c.Key}: {c.Why}"));
        Assert.Null(checks.Single(c => c.Key == "chain").Ok);
    }

    public static TheoryData<string> Lies => ["envelope", "recordHash", "leaf", "proof", "root", "serial", "serialValue", "serialProof", "serialsRoot", "issuanceNamesOtherRoot", "issuanceMissing", "scannedOtherSerial", "serverSaysTampered"];

    /// <summary>Each way a server (or someone editing its database) could lie about the data fails the check, by name.</summary>
    [Theory]
    [MemberData(nameof(Lies))]
    public async Task EveryLie_isCaught(string lie)
    {
        var view = ConsumerViews.Genuine().View;
        var rng = new Random(lie.GetHashCode(StringComparison.Ordinal));
        var lab = view.Proofs.Single(p => p.Role == "lab-result");
        var issuance = view.Proofs.Single(p => p.Role == "item-issuance");
        var item = view.ItemProof!;
        string? path = null;
        VerificationView Replace(RecordProofView old, RecordProofView now) => view with { Proofs = [.. view.Proofs.Select(p => p == old ? now : p)] };
        var (lied, failing) = lie switch
        {
            // Someone edited the lab result in the database: the page still claims it is anchored.
            "envelope" => (Replace(lab, lab with { Envelope = lab.Envelope.Replace("0.02", "0.01", StringComparison.Ordinal) }), "record:" + lab.RecordId + ":hash"),
            // ... and also rewrote its hash to match: now the Merkle proof fails.
            "recordHash" => (Replace(lab, lab with { Envelope = lab.Envelope.Replace("0.02", "0.01", StringComparison.Ordinal), RecordHash = Hex.Encode(Keccak.HashUtf8(lab.Envelope.Replace("0.02", "0.01", StringComparison.Ordinal))) }), "record:" + lab.RecordId + ":merkle"),
            "leaf" => (Replace(lab, lab with { Leaf = Flip(lab.Leaf!, rng) }), "record:" + lab.RecordId + ":merkle"),
            "proof" => (Replace(lab, lab with { Proof = [.. lab.Proof.Select((p, i) => i == 1 ? Flip(p, rng) : p)] }), "record:" + lab.RecordId + ":merkle"),
            "root" => (Replace(lab, lab with { Root = Flip(lab.Root!, rng) }), "record:" + lab.RecordId + ":merkle"),
            // A copied label re-pointed at another serial, or the item proof edited.
            "serial" => (view with { ItemProof = item with { Serial = item.Serial[..^1] + (item.Serial[^1] == 'A' ? 'B' : 'A') } }, "item:serial"),
            "serialValue" => (view with { ItemProof = item with { Value = Flip(item.Value, rng) } }, "item:serial"),
            "serialProof" => (view with { ItemProof = item with { Proof = [.. item.Proof.Select((p, i) => i == 0 ? Flip(p, rng) : p)] } }, "item:tree"),
            "serialsRoot" => (view with { ItemProof = item with { SerialsRoot = Flip(item.SerialsRoot, rng) } }, "item:tree"),
            "issuanceNamesOtherRoot" => (IssuanceNaming(view, issuance, Hex.Encode(RandomNumberGenerator.GetBytes(32))), "item:issuance"),
            "issuanceMissing" => (view with { Proofs = [.. view.Proofs.Where(p => p != issuance)] }, "item:issuance"),
            "scannedOtherSerial" => (view, "item:serial"),
            "serverSaysTampered" => (Replace(lab, lab with { Status = "tampered", Problem = "the stored envelope does not hash to the stored record hash", Leaf = null, Proof = [], Root = null }), "record:" + lab.RecordId + ":status"),
            _ => throw new ArgumentOutOfRangeException(nameof(lie)),
        };
        if (lie == "scannedOtherSerial")
        {
            path = $"/01/{ConsumerViews.Gtin}/10/{ConsumerViews.Lot}/21/0000000000000";
        }

        var report = await VerifyScript.CheckAsync(lied, path: path);
        var checks = VerifyScript.Checks(report);
        Assert.Equal("failed", VerifyScript.Outcome(report));
        var failed = checks.Where(c => c.Ok == false).Select(c => c.Key).ToList();
        Assert.Contains(failing, failed);
        // A lie about one record fails that record only: the others still pass.
        Assert.True(checks.Count(c => c.Ok == true) >= 2 * (view.Proofs.Count - 1), string.Join("; ", checks));
    }

    [Theory]
    [InlineData("/01/{gtin}/10/21/21/{serial}", true)]
    [InlineData("/shop/01/{gtin}/10/{lot}/21/{serial}?linkType=all", true)]
    [InlineData("/01/{gtin}/10/{serial}/21/X{serial}", false)]
    [InlineData("/01/{gtin}/10/{lot}/21/%E2%80%AE{serial}", false)]
    public async Task ScannedSerial_isReadAsGs1Pairs_notByFirstMatch(string template, bool passes)
    {
        var view = ConsumerViews.Genuine().View;
        var path = template.Replace("{gtin}", ConsumerViews.Gtin, StringComparison.Ordinal).Replace("{lot}", ConsumerViews.Lot, StringComparison.Ordinal)
            .Replace("{serial}", view.Item!.Serial, StringComparison.Ordinal);
        var checks = VerifyScript.Checks(await VerifyScript.CheckAsync(view, path: path));
        Assert.Equal(passes, checks.Single(c => c.Key == "item:serial").Ok);
    }

    [Fact]
    public async Task PendingRecord_isNotChecked_butTheRestIs_andNothingToCheckIsIncomplete()
    {
        var view = ConsumerViews.WithStatus(ConsumerViews.Genuine().View, VerificationStatus.Pending);
        var batch = view.Proofs.Single(p => p.Role == "batch");
        var pending = view with { Proofs = [.. view.Proofs.Select(p => p == batch ? p with { Status = "pending", Leaf = null, Proof = [], Root = null, TransactionHash = null, BlockNumber = null } : p)] };
        var report = await VerifyScript.CheckAsync(pending);
        var checks = VerifyScript.Checks(report);
        Assert.Equal("partial", VerifyScript.Outcome(report));
        Assert.True(checks.Single(c => c.Key == $"record:{batch.RecordId}:hash").Ok);
        Assert.Null(checks.Single(c => c.Key == $"record:{batch.RecordId}:merkle").Ok);

        var nothing = await VerifyScript.CheckAsync(view with { Proofs = [], ItemProof = null });
        Assert.Equal("incomplete", VerifyScript.Outcome(nothing));
        Assert.Empty(VerifyScript.Checks(nothing));
    }

    [Fact]
    public async Task EmbeddedJson_asThePageHasIt_isWhatTheScriptChecks()
    {
        // The page's own data block (with hostile text in it), read back as a browser would, then checked.
        var view = ConsumerViews.Genuine().View;
        view = view with { Producer = view.Producer! with { Name = "</script><!-- \u2028 合作社 & co" } };
        var doc = ConsumerPageTests.Parse(ConsumerPage.Render(view, view.Link, 200, new ConsumerPageOptions(), zh: true, "?lang=en"));
        var embedded = JsonSerializer.Deserialize<VerificationView>(doc.QuerySelector("#ev-proof")!.TextContent, ConsumerPage.Json)!;
        Assert.Equal(view.Producer.Name, embedded.Producer!.Name);
        var report = await VerifyScript.CheckAsync(embedded);
        Assert.Equal("partial", VerifyScript.Outcome(report));
        Assert.All(VerifyScript.Checks(report).Where(c => c.Key != "chain"), c => Assert.True(c.Ok == true, $"{c.Key}: {c.Why}"));
    }

    private static VerificationView IssuanceNaming(VerificationView view, RecordProofView issuance, string otherRoot)
    {
        // A consistent lie about the issuance (hash recomputed) still fails: its Merkle proof, and the serials root check.
        var data = JsonNode.Parse(issuance.Envelope)!;
        data["data"]!["serialsRoot"] = otherRoot;
        var envelope = data.ToJsonString();
        var lied = issuance with { Envelope = envelope, RecordHash = Hex.Encode(Keccak.Hash(Encoding.UTF8.GetBytes(envelope))) };
        return view with { Proofs = [.. view.Proofs.Select(p => p == issuance ? lied : p)] };
    }

    internal static string Flip(string hex, Random rng)
    {
        var bytes = Hex.Decode(hex);
        bytes[rng.Next(bytes.Length)] ^= (byte)(1 << rng.Next(8));
        return Hex.Encode(bytes);
    }

    private static byte[] Bytes(Random rng, int n)
    {
        var b = new byte[n];
        rng.NextBytes(b);
        return b;
    }
}
