using System.Globalization;
using System.Numerics;
using System.Text.Json;
using EcoValue.Ethereum.Signing;
using EcoValue.Ethereum.Transactions;

namespace EcoValue.Ethereum.Tests;

/// <summary>Random transactions for differential tests, with the matching <c>cast mktx</c> arguments.</summary>
internal static class RandomTransactions
{
    // Chains cast knows as EIP-1559 ones, plus random ids above 2^32: cast silently builds a legacy transaction for
    // chains it knows as pre-London (20, 30, 250, …), which is a policy, not an encoding to compare.
    private static readonly ulong[] KnownEip1559Chains = [1, 10, 137, 8453, 42161, 31337, 11155111];

    public static EthECKey Key(Random random)
    {
        var bytes = new byte[32];
        while (true)
        {
            random.NextBytes(bytes);
            var d = Hex.FromBigEndian(bytes);
            if (d.Sign > 0 && d < Secp256k1.N)
            {
                return new EthECKey(bytes);
            }
        }
    }

    /// <summary>A value of at most <paramref name="maxBits"/> bits whose size is itself random, so 0, small and huge all occur.</summary>
    public static BigInteger UInt(Random random, int maxBits)
    {
        var bits = random.Next(4) == 0 ? random.Next(0, 9) : random.Next(0, maxBits + 1);
        if (random.Next(20) == 0)
        {
            return (BigInteger.One << maxBits) - 1;
        }

        if (bits == 0)
        {
            return BigInteger.Zero;
        }

        var bytes = new byte[(bits + 7) / 8];
        random.NextBytes(bytes);
        return Hex.FromBigEndian(bytes) & ((BigInteger.One << bits) - 1);
    }

    public static ulong UInt64(Random random) => (ulong)UInt(random, 64);

    public static byte[] Data(Random random)
    {
        int[] lengths = [0, 0, 1, 4, 55, 56, 255, 256];
        var length = random.Next(3) == 0 ? lengths[random.Next(lengths.Length)] : random.Next(0, 400);
        var data = new byte[length];
        random.NextBytes(data);
        return data;
    }

    public static Address? To(Random random)
    {
        if (random.Next(5) == 0)
        {
            return null;
        }

        var bytes = new byte[20];
        random.NextBytes(bytes);
        return new Address(bytes);
    }

    public static List<AccessListItem> AccessList(Random random)
    {
        var list = new List<AccessListItem>();
        var count = random.Next(2) == 0 ? 0 : random.Next(1, 4);
        for (var i = 0; i < count; i++)
        {
            var address = new byte[20];
            random.NextBytes(address);
            var keys = new List<ReadOnlyMemory<byte>>();
            for (var k = random.Next(0, 4); k > 0; k--)
            {
                var key = new byte[32];
                random.NextBytes(key);
                keys.Add(key);
            }

            list.Add(new AccessListItem(new Address(address), keys));
        }

        return list;
    }

    public static Eip1559Transaction Eip1559(Random random) => new()
    {
        ChainId = random.Next(2) == 0 ? KnownEip1559Chains[random.Next(KnownEip1559Chains.Length)] : (ulong)random.NextInt64(1L << 32, long.MaxValue) * 2 + (ulong)random.Next(2),
        Nonce = UInt64(random),
        MaxPriorityFeePerGas = UInt(random, 128), // cast (alloy) holds fees in u128
        MaxFeePerGas = UInt(random, 128),
        GasLimit = UInt64(random),
        To = To(random),
        Value = UInt(random, 256),
        Data = Data(random),
        AccessList = AccessList(random),
    };

    public static LegacyTransaction Legacy(Random random) => new()
    {
        ChainId = random.Next(4) == 0 ? UInt64(random) : (ulong)random.Next(1, 100_000),
        Nonce = UInt64(random),
        GasPrice = UInt(random, 128),
        GasLimit = UInt64(random),
        To = To(random),
        Value = UInt(random, 256),
        Data = Data(random),
    };

    /// <summary><c>cast mktx</c> arguments that build and sign the same transaction offline.</summary>
    public static string[] CastArgs(Transaction tx, EthECKey key)
    {
        var args = new List<string> { "mktx", "--private-key", Hex.Encode(key.GetPrivateKeyBytes()) };
        switch (tx)
        {
            case Eip1559Transaction t:
                args.AddRange(["--chain", Str(t.ChainId), "--gas-price", Str(t.MaxFeePerGas), "--priority-gas-price", Str(t.MaxPriorityFeePerGas)]);
                if (t.AccessList.Count > 0)
                {
                    // An empty --access-list would ask the node for one; only pass it with entries.
                    var json = t.AccessList.Select(e => new { address = e.Address.ToLowerHex(), storageKeys = e.StorageKeys.Select(k => Hex.Encode(k.Span)) });
                    args.AddRange(["--access-list", JsonSerializer.Serialize(json)]);
                }

                break;
            case LegacyTransaction t:
                args.AddRange(["--legacy", "--chain", Str(t.ChainId!.Value), "--gas-price", Str(t.GasPrice)]);
                break;
            default:
                throw new ArgumentException($"no cast mapping for {tx.GetType().Name}", nameof(tx));
        }

        args.AddRange(["--nonce", Str(tx.Nonce), "--gas-limit", Str(tx.GasLimit), "--value", Str(tx.Value)]);
        if (tx.To is { } to)
        {
            args.Add(to.ToLowerHex());
            if (!tx.Data.IsEmpty)
            {
                args.Add(Hex.Encode(tx.Data.Span)); // hex in the SIG position is taken as raw calldata
            }
        }
        else
        {
            args.AddRange(["--create", Hex.Encode(tx.Data.Span)]);
        }

        return [.. args];
    }

    private static string Str(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Str(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
