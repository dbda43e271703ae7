using EcoValue.Ethereum.Signing;

namespace EcoValue.Anchoring.Keys;

/// <summary>
/// The licence relayer's key (<c>&lt;data&gt;/keys/relayer.key</c> unless <c>EcoValue:Licences:RelayerKeyFile</c> says
/// otherwise), in the same owner-only format as <see cref="ServiceKeyFile"/>. It pays the gas for operator calls
/// and for relaying certifier-signed licence messages, and holds LicenceRegistry's OPERATOR_ROLE (granted by
/// <c>ecovalue deploy</c>). It is a separate account so that its transactions never take a nonce from the anchoring
/// worker, which manages the service key's nonces on its own. Never logged; only its address is.
/// </summary>
public static class RelayerKeyFile
{
    public const string FileName = "relayer.key";

    private const string What = "relayer key file";
    private const string Setting = "EcoValue:Licences:RelayerKeyFile";

    /// <summary><c>&lt;data&gt;/keys/relayer.key</c>.</summary>
    public static string DefaultPath(string dataDirectory) => Path.Combine(dataDirectory, "keys", FileName);

    public static EthECKey Load(string path) => EthKeyFile.Load(path, What, Setting);

    /// <summary>Dev profile only (<c>ecovalue deploy --dev</c>): loads the key, or creates one with mode 0600.</summary>
    public static EthECKey LoadOrCreate(string path) => EthKeyFile.LoadOrCreate(path, What, Setting);
}
