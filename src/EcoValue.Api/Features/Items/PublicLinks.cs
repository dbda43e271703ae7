using EcoValue.Api.Configuration;
using EcoValue.Api.Infrastructure;
using EcoValue.Domain.Codes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace EcoValue.Api.Features.Items;

/// <summary>
/// Where public links point: item and batch Digital Links, the consumer page, the verify and proof URLs. The base is
/// <c>EcoValue:PublicBaseUrl</c> when configured; otherwise the URL the request came in on, or (no request, as in
/// the demo seed's log) the address the server listens on — the dev profile's <c>http://127.0.0.1:5080</c>.
/// Issuing codes for labels needs the configured base outside the dev profile and tests: a printed link is forever.
/// </summary>
public sealed class PublicLinks(IOptions<EcoValueOptions> options, IServer server, IHostEnvironment environment)
{
    /// <summary>The configured base without a trailing '/', or null.</summary>
    public string? Configured { get; } = options.Value.PublicBaseUrl?.ToString().TrimEnd('/');

    /// <summary>The base for links in an answer to <paramref name="context"/> (or for a log line when null).</summary>
    public string Base(HttpContext? context)
    {
        if (Configured is { } configured)
        {
            return configured;
        }

        if (context is not null && context.Request.Host.HasValue)
        {
            return $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}";
        }

        var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses
            .FirstOrDefault(a => !a.Contains("://+", StringComparison.Ordinal) && !a.Contains("://*", StringComparison.Ordinal) && !a.Contains("://0.0.0.0", StringComparison.Ordinal) && !a.Contains("://[::]", StringComparison.Ordinal));
        return (listening ?? "http://127.0.0.1:5080").TrimEnd('/');
    }

    /// <summary>The base item codes are issued under: the configured one, or in the dev profile and tests <see cref="Base"/>.</summary>
    public string ForIssuance(HttpContext? context)
    {
        if (Configured is null && !environment.IsDevelopment() && !environment.IsEnvironment(Auth.AuthOptionsValidator.TestingEnvironment))
        {
            throw new ProblemException(StatusCodes.Status503ServiceUnavailable, "public-base-url-missing",
                "Item codes cannot be issued yet", "暂时无法签发商品码",
                "EcoValue:PublicBaseUrl is not configured, so there is no public address to print in the codes' links. An operator must set it first.",
                "尚未配置 EcoValue:PublicBaseUrl，商品码链接没有可印制的公开地址。请运维人员先行配置。");
        }

        return Base(context);
    }

    /// <summary>The full link of an item under <paramref name="baseUrl"/>.</summary>
    public static string Item(string baseUrl, Domain.Identifiers.Gtin gtin, string lot, string serial) => DigitalLink.ForItem(gtin, lot, serial).ToUri(baseUrl);
}
