namespace EcoValue.Anchoring.Keys;

/// <summary>
/// A secret in a file readable by the service's user only (0600). Loading refuses a missing file (saying which
/// setting points at it) and a file others can read; creating uses CreateNew with mode 0600 from the start, so the
/// secret is never readable by others, not even for a moment. Messages never echo the file's content.
/// </summary>
internal static class SecretFile
{
    /// <summary>The file's text, trimmed; <paramref name="what"/> names it in errors ("service key file").</summary>
    public static string Read(string path, string what, string setting)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{what} {path} does not exist; create one (scripts/run does in the dev profile) or point {setting} at it", path);
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            throw new InvalidOperationException($"{what} {path} is readable by other users; chmod 600 it");
        }

        return File.ReadAllText(path).Trim();
    }

    /// <summary>Writes <paramref name="line"/> to a new owner-only file (its folder is created if need be); fails if the file exists.</summary>
    public static void Create(string path, string line)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options);
        writer.WriteLine(line);
    }
}
