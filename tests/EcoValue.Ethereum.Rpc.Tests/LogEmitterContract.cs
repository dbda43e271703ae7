namespace EcoValue.Ethereum.Rpc.Tests;

/// <summary>
/// A hand-assembled contract, so the RPC tests need no compiler. Called with calldata it emits
/// LOG2(topic0 = keccak("Pinged(address,bytes)"), topic1 = caller, data = calldata) and stops; called with no
/// calldata it reverts with 0xdeadbeef ++ uint256(7), shaped like a custom error with one argument.
/// </summary>
internal static class LogEmitterContract
{
    public static readonly byte[] Topic0 = Keccak.HashUtf8("Pinged(address,bytes)");

    public static readonly byte[] RevertData = [0xde, 0xad, 0xbe, 0xef, .. new byte[31], 0x07];

    public static readonly byte[] Runtime =
    [
        0x36, 0x60, 0x19, 0x57,                   // CALLDATASIZE PUSH1 0x19 JUMPI: calldata present -> log
        0x63, 0xde, 0xad, 0xbe, 0xef, 0x60, 0xe0, 0x1b, 0x60, 0x00, 0x52, // mstore(0, 0xdeadbeef << 224)
        0x60, 0x07, 0x60, 0x04, 0x52,             // mstore(4, 7)
        0x60, 0x24, 0x60, 0x00, 0xfd,             // revert(0, 36)
        0x5b,                                     // 0x19: JUMPDEST
        0x36, 0x60, 0x00, 0x60, 0x00, 0x37,       // calldatacopy(0, 0, calldatasize)
        0x33,                                     // CALLER (topic 1)
        0x7f, .. Topic0,                          // PUSH32 topic 0
        0x36, 0x60, 0x00, 0xa2,                   // log2(0, calldatasize, topic0, caller)
        0x00,                                     // STOP
    ];

    /// <summary>Init code: codecopy the runtime that follows these 11 bytes to memory 0 and return it.</summary>
    public static readonly byte[] InitCode = [0x60, (byte)Runtime.Length, 0x80, 0x60, 0x0b, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3, .. Runtime];

    /// <summary>An address as the 32-byte word the EVM pushes for CALLER.</summary>
    public static byte[] Word(Address a) => [.. new byte[12], .. a.Bytes];
}
