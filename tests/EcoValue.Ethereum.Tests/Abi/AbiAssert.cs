using System.Collections;
using System.Numerics;

namespace EcoValue.Ethereum.Tests.Abi;

/// <summary>Deep comparison of ABI values (byte[] by content, lists element-wise, integers by value).</summary>
internal static class AbiAssert
{
    public static void Equal(object? expected, object? actual, string context = "")
    {
        if (!DeepEquals(expected, actual))
        {
            Assert.Fail($"{context}\nexpected: {Show(expected)}\nactual:   {Show(actual)}");
        }
    }

    public static bool DeepEquals(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (byte[] x, byte[] y) => x.AsSpan().SequenceEqual(y),
        (string x, string y) => x == y,
        (IList x, IList y) => x.Count == y.Count && Enumerable.Range(0, x.Count).All(i => DeepEquals(x[i], y[i])),
        _ when AsInteger(a) is { } x && AsInteger(b) is { } y => x == y,
        _ => Equals(a, b),
    };

    public static string Show(object? v) => v switch
    {
        null => "null",
        byte[] b => Hex.Encode(b),
        string s => "\"" + s + "\"",
        IList l => "[" + string.Join(", ", l.Cast<object?>().Select(Show)) + "]",
        _ => v.ToString() ?? "",
    };

    private static BigInteger? AsInteger(object? v) => v switch
    {
        BigInteger b => b,
        int i => i,
        long l => l,
        uint u => u,
        ulong ul => ul,
        _ => null,
    };
}
