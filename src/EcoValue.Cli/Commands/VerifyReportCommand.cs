using System.CommandLine;
using EcoValue.Anchoring.Contracts;
using EcoValue.Domain.Verification.Reports;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Rpc;

namespace EcoValue.Cli.Commands;

/// <summary>
/// <c>ecovalue verify-report FILE</c>: re-checks a bulk verification report (POST /api/v1/verify/bulk) without the
/// service that made it (docs/verification-report.md). Offline by default: the file must be byte for byte as signed,
/// the signature must recover to its signer (and to <c>--signer</c> when given), and every multiproof must prove what
/// the answers rest on. With <c>--rpc-url</c> it also asks the chain: the chain id, each root anchored in the block
/// the report names, and the signer holding AnchorRegistry's ANCHORER_ROLE (it is the service's anchoring key).
/// Exit 0 when every check passes, 1 when one fails, 2 when the file cannot be read.
/// </summary>
internal static class VerifyReportCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("report") { Description = "the report JSON file as downloaded (- reads standard input)" };
        var signer = new Option<string?>("--signer") { Description = "the service key address you expect (0x…); without it, any valid signer is reported, not trusted" };
        var rpc = CommonOptions.OptionalRpcUrl("also check the roots and the signer's role on this EVM node (omit to stay offline)");
        var contract = new Option<string?>("--contract") { Description = "AnchorRegistry address to trust for the online check (default: the one the report names)" };
        var command = new Command("verify-report", "Re-check a signed bulk verification report offline (and, with --rpc-url, against the chain)") { file, signer, rpc, contract };
        command.SetAction(async (result, ct) =>
        {
            byte[] bytes;
            var info = result.GetValue(file)!;
            try
            {
                bytes = info.Name == "-" ? await ReadStdinAsync(ct).ConfigureAwait(false) : await File.ReadAllBytesAsync(info.FullName, ct).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                await Console.Error.WriteLineAsync($"cannot read {info.FullName}: {e.Message}").ConfigureAwait(false);
                return 2;
            }

            return await RunAsync(bytes, result.GetValue(signer), result.GetValue(rpc), result.GetValue(contract), ct).ConfigureAwait(false);
        });
        return command;
    }

    internal static async Task<int> RunAsync(byte[] bytes, string? expectedSigner, Uri? rpcUrl, string? contractOverride, CancellationToken ct)
    {
        if (expectedSigner is not null && !Address.TryParse(expectedSigner, out _))
        {
            await Console.Error.WriteLineAsync($"--signer {expectedSigner} is not an address").ConfigureAwait(false);
            return 2;
        }

        var check = ReportVerifier.Check(bytes, expectedSigner);
        foreach (var problem in check.Problems)
        {
            Console.WriteLine("FAIL " + problem);
        }

        if (!check.Valid)
        {
            Console.WriteLine($"NOT VERIFIED: {check.Problems.Count} problem(s). Do not rely on this report.");
            return 1;
        }

        Console.WriteLine($"ok   report {check.Id} from {check.Service}, created {check.CreatedAt}");
        Console.WriteLine($"ok   signed by {check.Signer} (EIP-191){(expectedSigner is null ? " — pass --signer to require this key" : ", the key you expected")}");
        Console.WriteLine($"ok   every multiproof, envelope and serial checks out: {check.Total} codes, " +
            string.Join(", ", check.ByStatus.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}")));
        var failures = 0;
        if (rpcUrl is not null)
        {
            failures = await OnlineAsync(check, rpcUrl, contractOverride, ct).ConfigureAwait(false);
        }
        else
        {
            Console.WriteLine($"     {check.Anchors.Count} root(s) not checked against the chain (offline; add --rpc-url to check them)");
        }

        Console.WriteLine(failures == 0 ? "VERIFIED: the report is as the service signed it, and its proofs hold." : $"NOT VERIFIED: {failures} chain check(s) failed.");
        return failures == 0 ? 0 : 1;
    }

    private static async Task<int> OnlineAsync(ReportCheck check, Uri rpcUrl, string? contractOverride, CancellationToken ct)
    {
        var failures = 0;
        void Check(bool ok, string what)
        {
            Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {what}");
            failures += ok ? 0 : 1;
        }

        using var http = new HttpClient();
        var eth = new EthClient(new JsonRpcClient(http, new JsonRpcClientOptions { Endpoint = rpcUrl }));
        var chainId = (long)await eth.ChainIdAsync(ct).ConfigureAwait(false);
        Check(chainId == check.ChainId, $"node is chain {chainId}, the report names chain {check.ChainId}");
        if ((contractOverride ?? check.AnchorRegistry) is not { } contract)
        {
            Check(false, "the report names no AnchorRegistry; pass --contract");
            return failures;
        }

        var registry = new AnchorRegistryClient(eth, Address.Parse(contract));
        Check(await registry.HasRoleAsync(AnchorRegistryClient.AnchorerRole, Address.Parse(check.Signer!), ct).ConfigureAwait(false),
            $"signer {check.Signer} holds ANCHORER_ROLE on AnchorRegistry {registry.Contract}");
        foreach (var anchor in check.Anchors)
        {
            var info = await registry.AnchoredAtAsync(Hex.DecodeFixed(anchor.Root, 32), ct: ct).ConfigureAwait(false);
            Check(info.IsAnchored && (anchor.Block is null || (ulong)anchor.Block == info.BlockNumber),
                info.IsAnchored ? $"root {anchor.Root} anchored in block {info.BlockNumber}" : $"root {anchor.Root} is not anchored on {registry.Contract}");
        }

        return failures;
    }

    private static async Task<byte[]> ReadStdinAsync(CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await Console.OpenStandardInput().CopyToAsync(buffer, ct).ConfigureAwait(false);
        return buffer.ToArray();
    }
}
