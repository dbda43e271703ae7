using System.CommandLine;

namespace EcoValue.Cli.Commands;

/// <summary>Options several commands share, with the same defaults as the service (DESIGN.md "Dev profile").</summary>
internal static class CommonOptions
{
    public static Option<Uri> RpcUrl() => new("--rpc-url")
    {
        Description = "JSON-RPC URL of the EVM node (default $ECOVALUE_RPC_URL or http://127.0.0.1:8545)",
        DefaultValueFactory = _ => new Uri(Environment.GetEnvironmentVariable("ECOVALUE_RPC_URL") is { Length: > 0 } u ? u : "http://127.0.0.1:8545"),
        CustomParser = ParseHttpUrl,
    };

    /// <summary>An --rpc-url with no default: absent means "do not go online".</summary>
    public static Option<Uri?> OptionalRpcUrl(string description) => new("--rpc-url")
    {
        Description = description,
        CustomParser = ParseHttpUrl,
    };

    private static Uri? ParseHttpUrl(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri;
        }

        result.AddError($"--rpc-url must be an absolute http(s) URL, got '{text}'");
        return null;
    }

    public static Option<DirectoryInfo> DataDirectory() => new("--data")
    {
        Description = "data folder (SQLite file, keys); default $ECOVALUE_DATA or ./data",
        DefaultValueFactory = _ => new DirectoryInfo(Environment.GetEnvironmentVariable("ECOVALUE_DATA") is { Length: > 0 } d ? d : "data"),
    };

    public static Option<FileInfo?> KeyFile() => new("--key-file")
    {
        Description = "service key file (0x hex private key, mode 0600); default <data>/keys/service.key",
    };
}
