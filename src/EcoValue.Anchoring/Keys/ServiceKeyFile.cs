using EcoValue.Ethereum.Signing;

namespace EcoValue.Anchoring.Keys;

/// <summary>
/// The service's signing key in a file readable by the service's user only (0600): 0x-prefixed hex, one line.
/// Production loads an existing file and refuses to start without it; only the dev profile may create one.
/// The key is never logged; only its address is. The anchoring worker alone sends from it (it owns its nonces);
/// licence transactions go from the relayer key (<see cref="RelayerKeyFile"/>).
/// </summary>
public static class ServiceKeyFile
{
    private const string What = "service key file";
    private const string Setting = "EcoValue:Anchoring:KeyFile";

    public static EthECKey Load(string path) => EthKeyFile.Load(path, What, Setting);

    /// <summary>Dev profile only: loads the key, or creates a fresh one (CSPRNG) with mode 0600 when the file is missing.</summary>
    public static EthECKey LoadOrCreate(string path) => EthKeyFile.LoadOrCreate(path, What, Setting);
}
