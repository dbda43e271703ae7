using System.Security.Cryptography;
using EcoValue.Api.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace EcoValue.Api.Features.Auth;

/// <summary>
/// The HS256 key that signs and checks access tokens: <c>EcoValue:Auth:SigningKey</c> when set (always so in
/// production, the validator sees to it), else in Development and Testing a key file under the data folder,
/// created once with mode 0600 like the service's chain key (<c>ServiceKeyFile</c>). Never logged.
/// </summary>
public sealed class JwtSigningKey
{
    public const string FileName = "jwt-signing.key";

    public JwtSigningKey(IOptions<AuthOptions> auth, IOptions<EcoValueOptions> eco)
    {
        ArgumentNullException.ThrowIfNull(auth);
        ArgumentNullException.ThrowIfNull(eco);
        var configured = auth.Value.SigningKeyBytes();
        if (configured is null)
        {
            FilePath = Path.Combine(eco.Value.DataDirectory, "keys", FileName);
        }

        Key = new SymmetricSecurityKey(configured ?? LoadOrCreate(FilePath!));
    }

    public SymmetricSecurityKey Key { get; }

    /// <summary>The dev/test key file in use, or null when the key came from configuration.</summary>
    public string? FilePath { get; }

    /// <summary>Reads the key file (base64, one line), or creates it from 32 CSPRNG bytes readable by this user only.</summary>
    public static byte[] LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var fresh = RandomNumberGenerator.GetBytes(AuthOptions.MinSigningKeyBytes);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                using var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options);
                writer.WriteLine(Convert.ToBase64String(fresh));
                return fresh;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first; use theirs.
            }
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            throw new InvalidOperationException($"JWT signing key file {path} is readable by other users; chmod 600 it");
        }

        try
        {
            var bytes = Convert.FromBase64String(File.ReadAllText(path).Trim());
            return bytes.Length >= AuthOptions.MinSigningKeyBytes ? bytes : throw new FormatException("too short");
        }
        catch (FormatException e)
        {
            // The message must not echo the file's content.
            throw new InvalidOperationException($"JWT signing key file {path} does not hold base64 of at least {AuthOptions.MinSigningKeyBytes} bytes", e);
        }
    }
}
