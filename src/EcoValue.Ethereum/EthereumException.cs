namespace EcoValue.Ethereum;

/// <summary>Base of every error this library raises for bad input; callers catch one type at the boundary.</summary>
public class EthereumException : Exception
{
    public EthereumException()
    {
    }

    public EthereumException(string message)
        : base(message)
    {
    }

    public EthereumException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>Malformed hexadecimal text: odd length, a non-hex character, a missing prefix where one is required, or the wrong size.</summary>
public sealed class HexFormatException(string message) : EthereumException(message);
