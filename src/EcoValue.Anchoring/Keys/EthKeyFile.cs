using EcoValue.Ethereum;
using EcoValue.Ethereum.Signing;

namespace EcoValue.Anchoring.Keys;

/// <summary>An Ethereum private key in a <see cref="SecretFile"/>: 0x-prefixed hex, one line. Shared by the service and relayer key files.</summary>
internal static class EthKeyFile
{
    public static EthECKey Load(string path, string what, string setting)
    {
        var text = SecretFile.Read(path, what, setting);
        try
        {
            return new EthECKey(Hex.DecodeFixed(text, 32));
        }
        catch (EthereumException e)
        {
            // The message must not echo the file's content.
            throw new InvalidOperationException($"{what} {path} does not hold a 32-byte hex private key", e);
        }
    }

    public static EthECKey LoadOrCreate(string path, string what, string setting)
    {
        if (File.Exists(path))
        {
            return Load(path, what, setting);
        }

        var key = EthECKey.Generate();
        SecretFile.Create(path, Hex.Encode(key.GetPrivateKeyBytes()));
        return key;
    }
}
