using EcoValue.Ethereum;
using EcoValue.Ethereum.Signing;

namespace EcoValue.Anchoring.Keys;

/// <summary>
/// The service's signing key in a file readable by the service's user only (0600): 0x-prefixed hex, one line.
/// Production loads an existing file and refuses to start without it; only the dev profile may create one.
/// The key is never logged; only its address is.
/// </summary>
public static class ServiceKeyFile
{
    public static EthECKey Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"service key file {path} does not exist; create one (scripts/run does in the dev profile) or point EcoValue:Anchoring:KeyFile at it", path);
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            throw new InvalidOperationException($"service key file {path} is readable by other users; chmod 600 it");
        }

        var text = File.ReadAllText(path).Trim();
        try
        {
            return new EthECKey(Hex.DecodeFixed(text, 32));
        }
        catch (EthereumException e)
        {
            // The message must not echo the file's content.
            throw new InvalidOperationException($"service key file {path} does not hold a 32-byte hex private key", e);
        }
    }

    /// <summary>Dev profile only: loads the key, or creates a fresh one (CSPRNG) with mode 0600 when the file is missing.</summary>
    public static EthECKey LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return Load(path);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var key = EthECKey.Generate();
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options))
        {
            writer.WriteLine(Hex.Encode(key.GetPrivateKeyBytes()));
        }

        return key;
    }
}
