using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using EcoValue.Api.Features.Certification;
using EcoValue.Domain.Verification;
using Microsoft.Extensions.Options;

namespace EcoValue.Api.Features.Verification;

/// <summary>
/// What the scan log keeps of a scanner (docs/verification.md, "Privacy"): never the network address, only
/// HMAC-SHA256 of it under a key derived from the master key, cut to 16 bytes — the same network gives the same
/// value, so the clone rules can count distinct scanners, but nobody without the key can tell which address it was or
/// test guesses against it. A location only when <see cref="ScanOptions.TrustLocationHeaders"/> says a proxy sets it,
/// and then rounded to 0.1° (≈ 11 km) with a place name of at most 64 characters.
/// </summary>
public sealed class ScannerIdentity(CertificationResources resources, IOptions<ScanOptions> options, IHostEnvironment environment, TimeProvider time) : IDisposable
{
    public const int MaxPlace = 64;

    private readonly Lazy<byte[]> _key = new(() => resources.DeriveKey("EcoValue scan log: keyed hash of client addresses, v1"));

    // One keyed HMAC state per thread, reset after each use: the one-shot HMACSHA256.HashData sets OpenSSL's MAC up
    // again for every scan (fetch, key schedule), about 3% of a scan answer's CPU (docs/peers.md, "Sixth round").
    private ThreadLocal<IncrementalHash>? _macs;

    private readonly ScanOptions _options = options.Value;

    /// <summary>Whether location headers are read: as configured, else in the dev profile and tests only.</summary>
    public bool TrustsLocationHeaders { get; } = options.Value.TrustLocationHeaders
        ?? (environment.IsDevelopment() || environment.IsEnvironment(Auth.AuthOptionsValidator.TestingEnvironment));

    /// <summary>This request as a scan: now (to the millisecond, as stored), the scanner's keyed hash, and a coarse location if trusted.</summary>
    public ScanEntry Read(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = time.GetUtcNow();
        var at = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        var (lat, lon, place) = TrustsLocationHeaders ? Location(context.Request.Headers) : (null, null, null);
        return new ScanEntry(at, Hash(context.Connection.RemoteIpAddress), lat, lon, place);
    }

    /// <summary>The keyed hash of an address (IPv4-mapped IPv6 read as IPv4), 32 hex characters.</summary>
    public string Hash(IPAddress? address)
    {
        // The address's text as IPAddress.ToString writes it (ASCII), formatted on the stack: 64 bytes hold any IPv6
        // text with its scope id.
        Span<byte> text = stackalloc byte[64];
        int length;
        if (address is null)
        {
            length = Encoding.ASCII.GetBytes("unknown", text);
        }
        else if (!(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).TryFormat(text, out length))
        {
            throw new InvalidOperationException("an IP address longer than 64 characters");
        }

        var macs = LazyInitializer.EnsureInitialized(ref _macs, () => new ThreadLocal<IncrementalHash>(() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key.Value), trackAllValues: true));
        var hmac = macs.Value!;
        hmac.AppendData(text[..length]);
        Span<byte> mac = stackalloc byte[32];
        hmac.GetHashAndReset(mac);
        return Convert.ToHexStringLower(mac[..16]);
    }

    public void Dispose()
    {
        if (_macs is { } macs)
        {
            foreach (var hmac in macs.Values)
            {
                hmac.Dispose();
            }

            macs.Dispose();
        }
    }

    private (double? Lat, double? Lon, string? Place) Location(IHeaderDictionary headers)
    {
        var lat = Coordinate(headers[_options.LatitudeHeader].ToString(), 90);
        var lon = Coordinate(headers[_options.LongitudeHeader].ToString(), 180);
        if (lat is null || lon is null)
        {
            (lat, lon) = (null, null);
        }

        return (lat, lon, Place(headers[_options.PlaceHeader].ToString()));
    }

    private static double? Coordinate(string text, double max) =>
        text.Length is > 0 and <= 32 && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && Math.Abs(v) <= max
            ? Math.Round(v, 1, MidpointRounding.AwayFromZero) + 0.0 // + 0.0: never a negative zero in the log
            : null;

    /// <summary>A place name as the proxy sends it (percent-encoded UTF-8 allowed), control characters refused, at most <see cref="MaxPlace"/> characters.</summary>
    private static string? Place(string text)
    {
        if (text.Length == 0 || text.Length > MaxPlace * 9)
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = text.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(text) : text;
        }
        catch (UriFormatException)
        {
            return null;
        }

        decoded = decoded.Trim();
        if (decoded.Length == 0 || decoded.Any(char.IsControl))
        {
            return null;
        }

        var cut = decoded.Length <= MaxPlace ? decoded.Length : char.IsHighSurrogate(decoded[MaxPlace - 1]) ? MaxPlace - 1 : MaxPlace;
        return decoded[..cut];
    }
}
