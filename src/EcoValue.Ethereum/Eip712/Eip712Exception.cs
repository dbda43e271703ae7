namespace EcoValue.Ethereum.Eip712;

/// <summary>
/// Typed data that EIP-712 cannot hash: a malformed or unknown type, a missing or undeclared field, a value that does
/// not fit its type, or a domain that contradicts its declared EIP712Domain type. Messages name the field, e.g.
/// <c>Mail.to[0].wallets[1]</c>.
/// </summary>
public sealed class Eip712Exception(string message) : EthereumException(message);
