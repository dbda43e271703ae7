using System.Text.Json;
using EcoValue.Domain.Canonical;
using EcoValue.Domain.Codes;
using EcoValue.Domain.Merkle;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Signing;

namespace EcoValue.Domain.Verification.Reports;

/// <summary>What <see cref="ReportVerifier.Check"/> found: no problems means the report is intact and self-consistent.</summary>
public sealed record ReportCheck(
    IReadOnlyList<string> Problems,
    string? Signer,
    string? Id,
    string? CreatedAt,
    string? Service,
    long? ChainId,
    string? AnchorRegistry,
    int Total,
    IReadOnlyDictionary<string, int> ByStatus,
    IReadOnlyList<ReportAnchorRef> Anchors)
{
    public bool Valid => Problems.Count == 0;
}

/// <summary>A root the report says is anchored, for an online check against the chain.</summary>
public sealed record ReportAnchorRef(string Root, string? Tx, long? Block);

/// <summary>
/// Checks a report file offline (docs/verification-report.md): that it is exactly its own canonical form, that the
/// signature over keccak256(JCS(report)) recovers to the signer it names (and to <c>expectedSigner</c> when given),
/// that every multiproof proves its values under its root, every anchored record's envelope hashes to its hash and
/// that hash is proven under the record's root, every serial checked is proven under the serial root its issuance
/// record names, every GENUINE answer rests only on anchored records, and the summary counts the results. It needs
/// no network: whether the roots are really on chain is a separate, online question (<c>ecovalue verify-report --rpc</c>).
/// Never throws on bad input; every problem is reported.
/// </summary>
public static class ReportVerifier
{
    private static readonly HashSet<string> Statuses = new(StringComparer.Ordinal)
    {
        "UNKNOWN", "TAMPERED", "REVOKED", "SUSPENDED", "EXPIRED", "RECALLED", "SUSPICIOUS", "PENDING", "GENUINE",
    };

    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    private static readonly JsonDocumentOptions Strict = new() { MaxDepth = Jcs.MaxDepth };

    public static ReportCheck Check(ReadOnlySpan<byte> file, string? expectedSigner = null)
    {
        var problems = new List<string>();
        JsonDocument document;
        try
        {
            if (!Jcs.Canonicalize(file).AsSpan().SequenceEqual(file))
            {
                return Failed("the file is not in its canonical (RFC 8785) form: it was edited or re-formatted");
            }

            document = JsonDocument.Parse(file.ToArray(), Strict);
        }
        catch (Exception e) when (e is JsonException or JcsException)
        {
            return Failed("the file is not a JSON report: " + e.Message);
        }

        using (document)
        {
            try
            {
                return CheckDocument(document.RootElement, expectedSigner, problems);
            }
            catch (Exception e) when (e is ShapeException or KeyNotFoundException or InvalidOperationException or FormatException or JcsException or EthereumException)
            {
                // A member missing or of the wrong kind: nothing further can be checked.
                problems.Add(e is ShapeException ? e.Message : "the report does not have the expected shape: " + e.Message);
                return Failed(problems);
            }
        }
    }

    private static ReportCheck CheckDocument(JsonElement root, string? expectedSigner, List<string> problems)
    {
        Members(root, "file", "report", "signature");
        var report = root.GetProperty("report");
        var signature = root.GetProperty("signature");
        Members(signature, "signature", "hash", "scheme", "signer", "value");

        // 1. The signature, over exactly the report's canonical bytes.
        var hash = Keccak.Hash(Jcs.Canonicalize(report));
        var signer = Text(report, "signer");
        if (Text(signature, "scheme") != SignedReport.Scheme)
        {
            problems.Add($"signature.scheme is not {SignedReport.Scheme}");
        }

        if (Text(signature, "hash") != Hex.Encode(hash))
        {
            problems.Add("signature.hash is not keccak256 of the report: the report was changed after signing");
        }

        if (Text(signature, "signer") != signer)
        {
            problems.Add("signature.signer differs from report.signer");
        }

        string? recovered = null;
        try
        {
            var value = Text(signature, "value");
            var sig = EthSignature.FromHex(value);
            if (sig.ToHex() != value)
            {
                problems.Add("signature.value is not written as 65 bytes of lowercase hex");
            }

            recovered = PersonalSign.Recover(hash, sig).ToLowerHex();
            if (recovered != signer)
            {
                problems.Add($"the signature was made by {recovered}, not by the signer the report names ({signer})");
            }
        }
        catch (Exception e) when (e is EthereumException or SignatureException or FormatException or ArgumentException)
        {
            problems.Add("signature.value is not a valid secp256k1 signature: " + e.Message);
        }

        if (expectedSigner is not null && !string.Equals(expectedSigner, signer, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"the report is signed by {signer}, not by the expected service key {expectedSigner}");
        }

        // 2. The content: proofs and consistency.
        if (Text(report, "type") != VerificationReport.TypeName)
        {
            problems.Add($"report.type is not {VerificationReport.TypeName}");
        }

        if (Int(report, "version") != VerificationReport.CurrentVersion)
        {
            problems.Add($"report.version {Int(report, "version")} is not one this checker reads ({VerificationReport.CurrentVersion})");
        }

        var chain = report.GetProperty("chain");
        var anchors = CheckAnchors(report, problems);
        var records = CheckRecords(report, anchors.Proven, problems);
        var serials = CheckSerialTrees(report, records, problems);
        var (total, byStatus) = CheckResults(report, records, serials, problems);

        return new ReportCheck(
            problems, recovered == signer ? signer : null, Text(report, "id"), Text(report, "createdAt"), Text(report, "service"),
            Long(chain, "chainId"), OptionalText(chain, "anchorRegistry"), total, byStatus, anchors.Refs);
    }

    private static (Dictionary<string, string> Proven, List<ReportAnchorRef> Refs) CheckAnchors(JsonElement report, List<string> problems)
    {
        // record hash → the root it is proven under
        var proven = new Dictionary<string, string>(StringComparer.Ordinal);
        var refs = new List<ReportAnchorRef>();
        foreach (var anchor in Array(report, "anchors"))
        {
            var root = Text(anchor, "root");
            refs.Add(new ReportAnchorRef(root, OptionalText(anchor, "tx"), anchor.TryGetProperty("block", out var b) ? b.GetInt64() : null));
            var multiProof = MultiProof(anchor.GetProperty("multiProof"), "anchor " + root, problems);
            if (multiProof is null || !Bytes32(root, out var rootBytes))
            {
                problems.Add($"anchor {root}: the root is not a 32-byte hex value");
                continue;
            }

            if (!Proves(rootBytes, multiProof))
            {
                problems.Add($"anchor {root}: the multiproof does not prove its record hashes under this root");
                continue;
            }

            foreach (var leaf in multiProof.Leaves)
            {
                proven[Hex.Encode(leaf)] = root;
            }
        }

        return (proven, refs);
    }

    private static Dictionary<string, (string Status, string? Envelope)> CheckRecords(JsonElement report, Dictionary<string, string> proven, List<string> problems)
    {
        var records = new Dictionary<string, (string, string?)>(StringComparer.Ordinal);
        foreach (var record in Array(report, "records"))
        {
            var id = Text(record, "id");
            var status = Text(record, "status");
            var hash = Text(record, "hash");
            var envelope = OptionalText(record, "envelope");
            if (!records.TryAdd(id, (status, envelope)))
            {
                problems.Add($"record {id} is listed twice");
                continue;
            }

            if (status != "anchored")
            {
                continue;
            }

            if (envelope is null)
            {
                problems.Add($"record {id} is anchored but carries no envelope");
                continue;
            }

            if (Hex.Encode(Keccak.Hash(System.Text.Encoding.UTF8.GetBytes(envelope))) != hash)
            {
                problems.Add($"record {id}: keccak256 of its envelope is not its hash");
            }

            if (EnvelopeId(envelope) != id)
            {
                problems.Add($"record {id}: its envelope is the envelope of another record");
            }

            if (!proven.TryGetValue(hash, out var root) || root != OptionalText(record, "root"))
            {
                problems.Add($"record {id}: its hash is not proven under the root it names");
            }
        }

        return records;
    }

    private static Dictionary<string, HashSet<string>> CheckSerialTrees(JsonElement report, Dictionary<string, (string Status, string? Envelope)> records, List<string> problems)
    {
        // issuance record id → keccak256(serial) values proven under the serial root its record names
        var serials = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var tree in Array(report, "serialTrees"))
        {
            var issuance = Text(tree, "issuance");
            var root = Text(tree, "serialsRoot");
            if (!records.TryGetValue(issuance, out var record) || record.Status != "anchored")
            {
                problems.Add($"serial tree of {issuance}: its issuance record is not among the anchored records");
                continue;
            }

            if (record.Envelope is null || SerialsRoot(record.Envelope) != root)
            {
                problems.Add($"serial tree of {issuance}: the issuance record names another serial root");
                continue;
            }

            var multiProof = MultiProof(tree.GetProperty("multiProof"), "serial tree of " + issuance, problems);
            if (multiProof is null || !Bytes32(root, out var rootBytes) || !Proves(rootBytes, multiProof))
            {
                problems.Add($"serial tree of {issuance}: the multiproof does not prove its serials under the serial root");
                continue;
            }

            serials[issuance] = [.. multiProof.Leaves.Select(l => Hex.Encode(l))];
        }

        return serials;
    }

    private static (int Total, Dictionary<string, int> ByStatus) CheckResults(
        JsonElement report, Dictionary<string, (string Status, string? Envelope)> records, Dictionary<string, HashSet<string>> serials, List<string> problems)
    {
        var counted = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var result in Array(report, "results"))
        {
            var status = Text(result, "status");
            var where = $"result {index}";
            if (Int(result, "index") != index)
            {
                problems.Add($"{where}: its index is {Int(result, "index")}");
            }

            if (!Statuses.Contains(status))
            {
                problems.Add($"{where}: unknown status {status}");
            }

            counted[status] = counted.GetValueOrDefault(status) + 1;
            var recordIds = Array(result, "records").Select(r => r.GetString() ?? string.Empty).ToList();
            foreach (var id in recordIds.Where(id => !records.ContainsKey(id)))
            {
                problems.Add($"{where}: names record {id}, which the report does not list");
            }

            if (status == "GENUINE")
            {
                if (recordIds.Count == 0)
                {
                    problems.Add($"{where}: GENUINE but rests on no record");
                }

                foreach (var id in recordIds.Where(id => records.TryGetValue(id, out var r) && r.Status != "anchored"))
                {
                    problems.Add($"{where}: GENUINE but record {id} is not anchored");
                }

                if (OptionalText(result, "serial") is { } serial)
                {
                    var issuance = OptionalText(result, "issuance");
                    if (issuance is null || !recordIds.Contains(issuance, StringComparer.Ordinal)
                        || !serials.TryGetValue(issuance, out var proven) || !proven.Contains(Hex.Encode(ItemSerial.TreeValue(serial))))
                    {
                        problems.Add($"{where}: serial {serial} is not proven in its issuance's serial tree");
                    }
                }
            }

            index++;
        }

        var summary = report.GetProperty("summary");
        if (Int(summary, "total") != index)
        {
            problems.Add($"summary.total is {Int(summary, "total")}, but the report holds {index} results");
        }

        var byStatus = summary.GetProperty("byStatus");
        var stated = byStatus.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32(), StringComparer.Ordinal);
        if (stated.Count != counted.Count || stated.Any(p => counted.GetValueOrDefault(p.Key, -1) != p.Value))
        {
            problems.Add("summary.byStatus does not count the results");
        }

        return (index, counted);
    }

    private static MerkleMultiProof? MultiProof(JsonElement element, string where, List<string> problems)
    {
        var leaves = new List<byte[]>();
        var proof = new List<byte[]>();
        foreach (var (name, list) in new[] { ("leaves", leaves), ("proof", proof) })
        {
            foreach (var item in Array(element, name))
            {
                if (!Bytes32(item.GetString(), out var bytes))
                {
                    problems.Add($"{where}: multiProof.{name} holds a value that is not 32 bytes of lowercase hex");
                    return null;
                }

                list.Add(bytes);
            }
        }

        var flags = Array(element, "proofFlags").Select(f => f.ValueKind == JsonValueKind.True ? true : f.ValueKind == JsonValueKind.False ? false : throw new ShapeException($"{where}: proofFlags must be booleans")).ToList();
        return new MerkleMultiProof(leaves, proof, flags);
    }

    /// <summary>A malformed multiproof (flags that do not fit its leaves) proves nothing; it is not an error of the checker.</summary>
    private static bool Proves(byte[] root, MerkleMultiProof multiProof)
    {
        try
        {
            return StandardMerkleTree.VerifyMultiProof(root, multiProof);
        }
        catch (MerkleTreeException)
        {
            return false;
        }
    }

    private static string? EnvelopeId(string envelope)
    {
        try
        {
            using var doc = JsonDocument.Parse(envelope);
            return doc.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? SerialsRoot(string envelope)
    {
        try
        {
            using var doc = JsonDocument.Parse(envelope);
            return doc.RootElement.TryGetProperty("data", out var data) && data.TryGetProperty("serialsRoot", out var root) && root.ValueKind == JsonValueKind.String
                ? root.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool Bytes32(string? hex, out byte[] bytes)
    {
        bytes = [];
        if (hex is not { Length: 66 } || !hex.StartsWith("0x", StringComparison.Ordinal) || hex.AsSpan(2).ContainsAnyExcept(LowerHex))
        {
            return false;
        }

        bytes = Hex.Decode(hex);
        return true;
    }

    private static void Members(JsonElement element, string where, params string[] names)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ShapeException($"{where} is not an object");
        }

        var present = element.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        if (!present.SetEquals(names))
        {
            throw new ShapeException($"{where} must have exactly the members {string.Join(", ", names)}");
        }
    }

    private static string Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new ShapeException($"\"{name}\" is missing or not a string");

    private static string? OptionalText(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var v) ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString() : throw new ShapeException($"\"{name}\" is not a string");

    private static int Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i)
            ? i
            : throw new ShapeException($"\"{name}\" is missing or not an integer");

    private static long Long(JsonElement element, string name) =>
        element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var i)
            ? i
            : throw new ShapeException($"\"{name}\" is missing or not an integer");

    private static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray()
            : throw new ShapeException($"\"{name}\" is missing or not an array");

    private static ReportCheck Failed(string problem) => Failed([problem]);

    private static ReportCheck Failed(List<string> problems) =>
        new(problems, null, null, null, null, null, null, 0, new Dictionary<string, int>(), []);

    /// <summary>The report lacks a member or has one of the wrong kind: nothing further can be checked.</summary>
    private sealed class ShapeException(string message) : Exception(message);
}
