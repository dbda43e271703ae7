namespace EcoValue.Ethereum.Abi;

/// <summary>
/// A malformed ABI type string, a value that does not fit its type, or encoded data that is not a valid encoding.
/// Errors about one element of a larger value name it by path, e.g. <c>arg 2[3].field 1</c>.
/// </summary>
public sealed class AbiException(string message) : EthereumException(message);
