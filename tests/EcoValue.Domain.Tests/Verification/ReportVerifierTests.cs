using System.Text;
using System.Text.Json;
using EcoValue.Domain.Canonical;
using EcoValue.Domain.Codes;
using EcoValue.Domain.Merkle;
using EcoValue.Domain.Verification.Reports;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Signing;

namespace EcoValue.Domain.Tests.Verification;

/// <summary>
/// <see cref="SignedReport"/> and <see cref="ReportVerifier"/> on a report built here from real trees: a valid
/// report passes; every single changed byte fails; so do a wrong expected signer, an envelope that does not hash to
/// its record, a GENUINE answer on a pending record, a serial outside its tree, and a summary that miscounts.
/// </summary>
public class ReportVerifierTests
{
    private static readonly EthECKey Key = new("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");

    private static readonly string[] Serials = ["7KQ2M9XA3HDPX", "ABCDEFGHJKMNP", "0123456789ABC", "QRSTVWXYZ0123"];

    /// <summary>A report over an anchored batch record, an anchored issuance of four serials, and three answers.</summary>
    private static VerificationReport Sample(Func<VerificationReport, VerificationReport>? change = null)
    {
        var serialTree = ItemSerial.BuildTree(Serials);
        var batchEnvelope = Envelope("rec-batch", """{"gtin":"06901234567892","lot":"L1","product":"白沙绿茶 <b>"}""");
        var issuanceEnvelope = Envelope("rec-issuance", $$"""{"batch":"b1","serialsRoot":"{{serialTree.RootHex}}"}""");
        var otherEnvelope = Envelope("rec-other", """{"x":1}""");
        var pendingEnvelope = Envelope("rec-pending", """{"y":2}""");
        string H(string envelope) => Hex.Encode(Keccak.Hash(Encoding.UTF8.GetBytes(envelope)));

        // The anchoring tree holds our two records among others; the report proves only those two.
        var hashes = new[] { batchEnvelope, issuanceEnvelope, otherEnvelope }.Select(e => Keccak.Hash(Encoding.UTF8.GetBytes(e))).ToList();
        hashes.AddRange(Enumerable.Range(0, 9).Select(i => Keccak.Hash(BitConverter.GetBytes(i))));
        var anchorTree = StandardMerkleTree.Build(hashes);
        var multi = anchorTree.GetMultiProof([0, 1]);
        var serialMulti = serialTree.GetMultiProof([serialTree.IndexOf(ItemSerial.TreeValue(Serials[0])), serialTree.IndexOf(ItemSerial.TreeValue(Serials[2]))]);

        var report = new VerificationReport(
            VerificationReport.TypeName, 1, "0193a1b2-0000-7000-8000-000000000001", "2026-12-03T10:00:00.000Z", "https://trace.example.cn",
            Key.Address.ToLowerHex(), new ReportChain(31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3"),
            new ReportSummary(3, new SortedDictionary<string, int>(StringComparer.Ordinal) { ["GENUINE"] = 2, ["UNKNOWN"] = 1 }),
            [
                Result(0, Serials[0], "GENUINE", Serials[0], ["rec-batch", "rec-issuance"]),
                Result(1, "https://trace.example.cn/01/06901234567892/10/L1/21/" + Serials[2], "GENUINE", Serials[2], ["rec-batch", "rec-issuance"]),
                new ReportResult(2, "=HYPERLINK(\"x\")", "UNKNOWN", [new ReportReason("code.unreadable", "unreadable", "无法识别")], null, null, null, null, null, null, null, null, null, []),
            ],
            [
                new ReportRecord("rec-batch", "batch", "anchored", H(batchEnvelope), batchEnvelope, anchorTree.RootHex),
                new ReportRecord("rec-issuance", "item-issuance", "anchored", H(issuanceEnvelope), issuanceEnvelope, anchorTree.RootHex),
                new ReportRecord("rec-pending", "lab-result", "pending", H(pendingEnvelope), null, null),
            ],
            [new ReportAnchor(anchorTree.RootHex, hashes.Count, "0x" + new string('1', 64), 42, Proof(multi))],
            [new ReportSerialTree("rec-issuance", serialTree.RootHex, Proof(serialMulti))]);
        return change is null ? report : change(report);
    }

    private static ReportResult Result(int index, string input, string status, string serial, IReadOnlyList<string> records) =>
        new(index, input, status, [], "https://trace.example.cn/01/06901234567892/10/L1/21/" + serial, "06901234567892", "L1", serial, "b1", "白沙绿茶 <b>", "白沙合作社", "lic-1", "rec-issuance", records);

    private static string Envelope(string id, string data) =>
        Encoding.UTF8.GetString(Jcs.Canonicalize($$"""{"v":1,"kind":"test","id":"{{id}}","subject":"s","actor":"a","at":"2026-12-01T00:00:00.000Z","salt":"0x00","data":{{data}}}"""));

    private static ReportMultiProof Proof(MerkleMultiProof m) =>
        new([.. m.Leaves.Select(l => Hex.Encode(l))], [.. m.Proof.Select(p => Hex.Encode(p))], m.ProofFlags);

    [Fact]
    public void ASignedReport_isValid_canonical_andNamesItsSigner()
    {
        var file = SignedReport.Create(Sample(), Key);

        var check = ReportVerifier.Check(file, Key.Address.ToString());

        Assert.True(check.Valid, string.Join("; ", check.Problems));
        Assert.Equal(Key.Address.ToLowerHex(), check.Signer);
        Assert.Equal((3, 2, 1), (check.Total, check.ByStatus["GENUINE"], check.ByStatus["UNKNOWN"]));
        Assert.Equal(file, Jcs.Canonicalize(file));
        Assert.Single(check.Anchors);

        // The signature is an ordinary EIP-191 personal_sign over the hash of the canonical report.
        using var doc = JsonDocument.Parse(file);
        var hash = Keccak.Hash(Jcs.Canonicalize(doc.RootElement.GetProperty("report")));
        Assert.Equal(Hex.Encode(hash), doc.RootElement.GetProperty("signature").GetProperty("hash").GetString());
        Assert.Equal(Key.Address, PersonalSign.Recover(hash, EthSignature.FromHex(doc.RootElement.GetProperty("signature").GetProperty("value").GetString()!)));
    }

    [Fact]
    public void EveryChangedByte_failsTheCheck()
    {
        var file = SignedReport.Create(Sample(), Key);
        Assert.True(ReportVerifier.Check(file).Valid);

        // Each position, three ways: a flipped low bit, a flipped case bit, and a space (whitespace a parser would skip).
        var passed = new List<string>();
        for (var i = 0; i < file.Length; i++)
        {
            foreach (var replacement in new[] { (byte)(file[i] ^ 0x01), (byte)(file[i] ^ 0x20), (byte)' ' })
            {
                if (replacement == file[i])
                {
                    continue;
                }

                var copy = (byte[])file.Clone();
                copy[i] = replacement;
                if (ReportVerifier.Check(copy).Valid)
                {
                    passed.Add($"byte {i} {(char)file[i]}→{(char)replacement}");
                }
            }
        }

        Assert.Empty(passed);
        Assert.False(ReportVerifier.Check(file.Concat("\n"u8.ToArray()).ToArray()).Valid);
        Assert.False(ReportVerifier.Check(file.AsSpan(0, file.Length - 1)).Valid);
    }

    [Fact]
    public void AnotherExpectedSigner_fails_andAReportSignedByAnotherKeyNamesThatKey()
    {
        var file = SignedReport.Create(Sample(), Key);
        var other = EthECKey.Generate();

        var check = ReportVerifier.Check(file, other.Address.ToString());
        Assert.False(check.Valid);
        Assert.Contains(check.Problems, p => p.Contains("not by the expected service key", StringComparison.Ordinal));

        var byOther = SignedReport.Create(Sample(r => r with { Signer = other.Address.ToLowerHex() }), other);
        Assert.True(ReportVerifier.Check(byOther).Valid);
        Assert.False(ReportVerifier.Check(byOther, Key.Address.ToString()).Valid);
    }

    [Fact]
    public void ASignedReportWhoseContentDoesNotAddUp_isRefused_evenWithAValidSignature()
    {
        // The service signs what it built; the checker must still catch a report whose proofs do not hold.
        var records = Sample().Records;
        var cases = new Dictionary<string, Func<VerificationReport, VerificationReport>>
        {
            ["envelope"] = r => r with { Records = [r.Records[0] with { Envelope = r.Records[0].Envelope!.Replace("L1", "L2", StringComparison.Ordinal) }, .. r.Records.Skip(1)] },
            ["genuine on pending"] = r => r with { Results = [r.Results[0] with { Records = [.. r.Results[0].Records, "rec-pending"] }, .. r.Results.Skip(1)] },
            ["serial not in tree"] = r => r with { Results = [r.Results[0] with { Serial = Serials[1] }, .. r.Results.Skip(1)] },
            ["summary"] = r => r with { Summary = new ReportSummary(3, new SortedDictionary<string, int>(StringComparer.Ordinal) { ["GENUINE"] = 3 }) },
            ["total"] = r => r with { Summary = r.Summary with { Total = 4 } },
            ["record not listed"] = r => r with { Results = [r.Results[0] with { Records = ["rec-missing"] }, .. r.Results.Skip(1)] },
            ["anchor root"] = r => r with { Anchors = [r.Anchors[0] with { Root = r.SerialTrees[0].SerialsRoot }] },
            ["proof flags"] = r => r with { Anchors = [r.Anchors[0] with { MultiProof = r.Anchors[0].MultiProof with { ProofFlags = [.. r.Anchors[0].MultiProof.ProofFlags.Select(f => !f)] } }] },
            ["envelope of another record"] = r => r with { Records = [records[0] with { Id = "rec-batch", Envelope = records[1].Envelope, Hash = records[1].Hash }, .. r.Records.Skip(1)] },
            ["index"] = r => r with { Results = [r.Results[0] with { Index = 5 }, .. r.Results.Skip(1)] },
            ["status"] = r => r with { Results = [r.Results[0] with { Status = "FINE" }, .. r.Results.Skip(1)] },
        };

        foreach (var (name, change) in cases)
        {
            var check = ReportVerifier.Check(SignedReport.Create(Sample(change), Key));
            Assert.False(check.Valid, name);
        }
    }

    [Fact]
    public void NotAReport_isAClearProblem_neverAnException()
    {
        foreach (var text in new[] { "", "[]", "{}", "null", "{\"report\":{},\"signature\":{}}", "{\"report\":1,\"signature\":2}", "{\"a\":1,\"a\":2}" })
        {
            var check = ReportVerifier.Check(Encoding.UTF8.GetBytes(text));
            Assert.False(check.Valid, text);
            Assert.NotEmpty(check.Problems);
        }
    }

    [Fact]
    public async Task TheSignature_checksWithFoundrysCast_asTheDocsTellABuyer()
    {
        var cast = EcoValue.Testing.Cast.Require();
        var file = SignedReport.Create(Sample(), Key);
        using var doc = JsonDocument.Parse(file);
        var signature = doc.RootElement.GetProperty("signature");
        var (hash, value) = (signature.GetProperty("hash").GetString()!, signature.GetProperty("value").GetString()!);

        // cast reads a 0x message as its bytes: the 32-byte hash, EIP-191 prefixed, as we sign it.
        var ok = await cast.RunAsync("wallet", "verify", "--address", Key.Address.ToString(), hash, value);
        Assert.Contains("Validation succeeded", ok, StringComparison.Ordinal);
        var otherHash = "0x" + Convert.ToHexStringLower(Keccak.Hash(Encoding.UTF8.GetBytes(hash)));
        await Assert.ThrowsAnyAsync<Exception>(() => cast.RunAsync("wallet", "verify", "--address", Key.Address.ToString(), otherHash, value));
    }

    [Fact]
    public void SigningWithAKeyThatIsNotTheNamedSigner_isRefused() =>
        Assert.Throws<ArgumentException>(() => SignedReport.Create(Sample(), EthECKey.Generate()));
}
