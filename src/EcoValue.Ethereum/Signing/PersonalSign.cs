using System.Globalization;
using System.Text;

namespace EcoValue.Ethereum.Signing;

/// <summary>
/// EIP-191 version 0x45 ("personal_sign"): keccak256("\x19Ethereum Signed Message:\n" + len(message) + message).
/// </summary>
public static class PersonalSign
{
    public static byte[] HashMessage(ReadOnlySpan<byte> message)
    {
        var prefix = Encoding.ASCII.GetBytes("\u0019Ethereum Signed Message:\n" + message.Length.ToString(CultureInfo.InvariantCulture));
        var buffer = new byte[prefix.Length + message.Length];
        prefix.CopyTo(buffer, 0);
        message.CopyTo(buffer.AsSpan(prefix.Length));
        return Keccak.Hash(buffer);
    }

    public static byte[] HashMessage(string utf8Message) => HashMessage(Encoding.UTF8.GetBytes(utf8Message));

    public static EthSignature Sign(EthECKey key, ReadOnlySpan<byte> message)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Sign(HashMessage(message));
    }

    public static EthSignature Sign(EthECKey key, string utf8Message) => Sign(key, Encoding.UTF8.GetBytes(utf8Message));

    public static Address Recover(ReadOnlySpan<byte> message, EthSignature signature) =>
        EthECKey.RecoverAddress(HashMessage(message), signature);

    public static Address Recover(string utf8Message, EthSignature signature) =>
        Recover(Encoding.UTF8.GetBytes(utf8Message), signature);
}
