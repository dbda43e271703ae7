namespace EcoValue.Ethereum.Signing;

/// <summary>A signature or key that is out of range, not canonical, or from which no public key can be recovered.</summary>
public sealed class SignatureException(string message) : EthereumException(message);
