using System.Text;
using System.Text.Json;
using EcoValue.Domain.Canonical;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Signing;

namespace EcoValue.Domain.Verification.Reports;

/// <summary>
/// A report as a file: the JCS (RFC 8785) form of <c>{"report": …, "signature": {scheme, hash, signer, value}}</c>,
/// where hash = keccak256(JCS(report)) and value is the EIP-191 personal_sign signature of those 32 bytes by the
/// service key. The file is its own canonical form, so <see cref="ReportVerifier"/> can refuse any byte that differs
/// from it: whitespace, key order, escapes and hex case included. Anyone can check the signature with standard
/// tools too (<c>cast wallet verify --address {signer} {hash} {value}</c>).
/// </summary>
public static class SignedReport
{
    /// <summary>The value of <c>signature.scheme</c>.</summary>
    public const string Scheme = "eip191-personal-sign";

    /// <summary>The report as its file's bytes, signed by <paramref name="key"/> (whose address must be the report's signer).</summary>
    public static byte[] Create(VerificationReport report, EthECKey key)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(key);
        if (!string.Equals(report.Signer, key.Address.ToLowerHex(), StringComparison.Ordinal))
        {
            throw new ArgumentException($"the report names signer {report.Signer}, not the key's address {key.Address.ToLowerHex()}", nameof(report));
        }

        var body = Jcs.Canonicalize(JsonSerializer.SerializeToUtf8Bytes(report, VerificationReport.JsonOptions));
        var hash = Keccak.Hash(body);
        var signature = PersonalSign.Sign(key, hash);

        // Members sorted as JCS sorts them ("report" < "signature"; hash < scheme < signer < value), no whitespace:
        // the concatenation is already canonical.
        var tail = Encoding.UTF8.GetBytes(
            $",\"signature\":{{\"hash\":\"{Hex.Encode(hash)}\",\"scheme\":\"{Scheme}\",\"signer\":\"{report.Signer}\",\"value\":\"{signature.ToHex()}\"}}}}");
        var file = new byte[10 + body.Length + tail.Length];
        "{\"report\":"u8.CopyTo(file);
        body.CopyTo(file, 10);
        tail.CopyTo(file, 10 + body.Length);
        return file;
    }
}
