using System.Net;
using System.Security.Cryptography;
using System.Text;
using EcoValue.Api.Features.Certification;
using EcoValue.Api.Features.Verification;
using Microsoft.Extensions.DependencyInjection;

namespace EcoValue.Api.Tests.Verification;

/// <summary>
/// The scanner's keyed hash (docs/verification.md, "Privacy") is HMAC-SHA256 of the address's text, cut to 16 bytes.
/// It is computed with one reused HMAC state per thread: every value must equal the one-shot HMAC of the same text,
/// whatever thread asks and however often, so the reused state is always reset.
/// </summary>
public sealed class ScannerIdentityTests(ItemsHost fixture) : IClassFixture<ItemsHost>
{
    private static readonly (IPAddress? Address, string Text)[] Addresses =
    [
        (IPAddress.Parse("127.0.0.1"), "127.0.0.1"),
        (IPAddress.Parse("203.0.113.7"), "203.0.113.7"),
        (IPAddress.Parse("::ffff:198.51.100.20"), "198.51.100.20"), // IPv4-mapped IPv6 is read as IPv4
        (IPAddress.Parse("2001:db8::1"), "2001:db8::1"),
        (IPAddress.Parse("fe80::1234:5678:9abc:def0%4294967295"), "fe80::1234:5678:9abc:def0%4294967295"), // longest scope id
        (IPAddress.Parse("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255"), "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
        (null, "unknown"),
    ];

    [Fact]
    public async Task Hash_isTheOneShotHmacOfTheAddressText_onEveryThreadAndEveryCall()
    {
        var scanner = fixture.Host.Services.GetRequiredService<ScannerIdentity>();
        var key = fixture.Host.Services.GetRequiredService<CertificationResources>().DeriveKey("EcoValue scan log: keyed hash of client addresses, v1");
        // The text is what IPAddress.ToString writes (the mapped form as IPv4), as the log's hashes always were.
        Assert.Equal(Addresses.Select(a => a.Text), Addresses.Select(a => a.Address is null ? "unknown" : (a.Address.IsIPv4MappedToIPv6 ? a.Address.MapToIPv4() : a.Address).ToString()));
        var expected = Addresses.Select(a => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(a.Text))[..16])).ToArray();
        Assert.Equal(Addresses.Length, expected.Distinct().Count());

        // Eight threads, each asking for every address many times in its own order.
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            var mismatches = new List<string>();
            for (var i = 0; i < 500; i++)
            {
                var k = (i * (t + 1)) % Addresses.Length;
                var actual = scanner.Hash(Addresses[k].Address);
                if (actual != expected[k])
                {
                    mismatches.Add($"thread {t}, call {i}, {Addresses[k].Text}: {actual} instead of {expected[k]}");
                }
            }

            return mismatches;
        }, TestContext.Current.CancellationToken)));
        Assert.Empty(results.SelectMany(r => r));
    }
}
