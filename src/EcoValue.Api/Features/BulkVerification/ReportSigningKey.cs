using EcoValue.Anchoring.Keys;
using EcoValue.Anchoring.Worker;
using EcoValue.Api.Configuration;
using EcoValue.Api.Infrastructure;
using EcoValue.Ethereum.Signing;
using Microsoft.Extensions.Options;

namespace EcoValue.Api.Features.BulkVerification;

/// <summary>
/// The key reports are signed with: the service key (<c>EcoValue:Anchoring:KeyFile</c>, default
/// <c>&lt;data&gt;/keys/service.key</c>), the account that anchors every root. A buyer can therefore tie a report's
/// signer to the chain: it is the account holding AnchorRegistry's anchoring role, whose transactions the report's
/// roots came in. EIP-191's prefix keeps a report signature from ever being a valid transaction. Loaded on first use;
/// as for anchoring, only the dev profile and tests may create the file, production refuses without it.
/// </summary>
public sealed class ReportSigningKey(IOptions<AnchoringOptions> anchoring, IOptions<EcoValueOptions> service, IHostEnvironment environment)
{
    // Not a Lazy: a failed load (file not installed yet) must be retried on the next request, not remembered.
    private readonly Lock _gate = new();
    private EthECKey? _key;

    public EthECKey Key
    {
        get
        {
            try
            {
                lock (_gate)
                {
                    return _key ??= Load(anchoring.Value, service.Value, environment);
                }
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                throw new ProblemException(StatusCodes.Status503ServiceUnavailable, "report-key-missing",
                    "Reports cannot be signed yet", "暂时无法签署核验报告",
                    "The service key that signs verification reports is not available. An operator must install it.",
                    "用于签署核验报告的服务密钥不可用，请运维人员配置。");
            }
        }
    }

    private static EthECKey Load(AnchoringOptions anchoring, EcoValueOptions service, IHostEnvironment environment)
    {
        var path = anchoring.KeyFile ?? Path.Combine(service.DataDirectory, "keys", "service.key");
        return environment.IsDevelopment() || environment.IsEnvironment(Auth.AuthOptionsValidator.TestingEnvironment)
            ? ServiceKeyFile.LoadOrCreate(path)
            : ServiceKeyFile.Load(path);
    }
}
