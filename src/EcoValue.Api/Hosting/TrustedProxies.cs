using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace EcoValue.Api.Hosting;

/// <summary>
/// The reverse proxies (load balancer, CDN, nginx) whose <c>X-Forwarded-For</c> / <c>X-Forwarded-Proto</c> this
/// service believes (<c>EcoValue:TrustedProxies</c>: addresses such as <c>10.0.0.5</c> and networks such as
/// <c>10.0.0.0/8</c>). Behind a proxy every request arrives from the proxy's address; without this, one public
/// rate-limit bucket and one scanner hash would stand for every consumer, which blinds the clone rules' distinct-scanner
/// count and throttles everyone together. Nothing is trusted unless configured: a header anyone can send must not
/// choose a client's identity.
/// </summary>
public static class TrustedProxies
{
    public const string Section = "EcoValue:TrustedProxies";

    /// <summary>Reads the list; throws at start on an entry that is neither an address nor a CIDR network.</summary>
    public static ForwardedHeadersOptions? Options(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var entries = configuration.GetSection(Section).Get<string[]>() ?? [];
        if (entries.Length == 0)
        {
            return null;
        }

        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            // One hop: the proxy in front of us appends the client it saw; earlier entries are the client's own word.
            ForwardLimit = 1,
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in entries)
        {
            if (IPAddress.TryParse(entry, out var address) && !entry.Contains('/', StringComparison.Ordinal))
            {
                options.KnownProxies.Add(address);
            }
            else if (System.Net.IPNetwork.TryParse(entry, out var network))
            {
                options.KnownIPNetworks.Add(network);
            }
            else
            {
                throw new InvalidOperationException($"{Section} entry '{entry}' is neither an IP address nor a CIDR network (e.g. 10.0.0.5 or 10.0.0.0/8)");
            }
        }

        return options;
    }

    /// <summary>Applies the forwarded headers of trusted proxies before anything reads the client's address.</summary>
    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (Options(app.Configuration) is { } options)
        {
            app.UseForwardedHeaders(options);
        }

        return app;
    }
}
