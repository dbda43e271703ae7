using System.CommandLine;
using EcoValue.Certification;

namespace EcoValue.Cli.Commands;

/// <summary>
/// <c>ecovalue standards validate [PATH...]</c> checks standard files (a folder is loaded as a catalog: every file,
/// ids unique, each named after its id) and prints each standard's canonical hash, or every error as
/// <c>file:line:column: field: message</c>. <c>ecovalue standards hash FILE</c> prints only the hash (or, with
/// <c>--canonical</c>, the RFC 8785 JSON it is taken over), for scripts that register a brand.
/// </summary>
internal static class StandardsCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("path") { Description = "standard files or folders (default: certification-rules)", Arity = ArgumentArity.ZeroOrMore };
        var chinese = new Option<bool>("--zh") { Description = "print error messages in Chinese" };
        var validate = new Command("validate", "Check standard files and print their canonical hashes; exit 1 if any is invalid") { paths, chinese };
        validate.SetAction(result => Validate(result.GetValue(paths) is { Length: > 0 } p ? p : ["certification-rules"], result.GetValue(chinese)));

        var file = new Argument<FileInfo>("file") { Description = "one standard file" };
        var canonical = new Option<bool>("--canonical") { Description = "print the canonical JSON instead of the hash" };
        var hash = new Command("hash", "Print the canonical hash (keccak256 of RFC 8785 JSON) of one standard file") { file, canonical };
        hash.SetAction(result =>
        {
            var standard = Load(() => StandardLoader.LoadFile(result.GetValue(file)!.FullName), chinese: false);
            if (standard is null)
            {
                return 1;
            }

            Console.WriteLine(result.GetValue(canonical) ? standard.CanonicalJson : standard.Hash);
            return 0;
        });

        return new Command("standards", "Brand standards in certification-rules/: validate them, compute their hashes") { validate, hash };
    }

    private static int Validate(string[] paths, bool chinese)
    {
        var failed = false;
        foreach (var path in paths)
        {
            IReadOnlyList<Standard>? standards = Directory.Exists(path)
                ? Load(() => StandardCatalog.LoadFolder(path), chinese)?.All
                : Load(() => StandardLoader.LoadFile(path), chinese) is { } one ? [one] : null;
            if (standards is null)
            {
                failed = true;
                continue;
            }

            foreach (var s in standards)
            {
                Console.WriteLine($"ok  {s.Id} {s.Version} {s.Hash} {s.SourceFile}");
            }
        }

        return failed ? 1 : 0;
    }

    private static T? Load<T>(Func<T> load, bool chinese)
        where T : class
    {
        try
        {
            return load();
        }
        catch (StandardFileException e)
        {
            foreach (var error in e.Errors)
            {
                Console.Error.WriteLine(error.Format(chinese));
            }

            return null;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine(e.Message);
            return null;
        }
    }
}
