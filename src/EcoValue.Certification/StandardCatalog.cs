namespace EcoValue.Certification;

/// <summary>
/// Every standard in a folder (certification-rules/): each <c>*.yaml</c> / <c>*.yml</c> file loaded, ids unique and each
/// file named after its id (so a standard is found by name without opening every file). Loading reports the errors of
/// every file together. Immutable once loaded; safe to share between threads.
/// </summary>
public sealed class StandardCatalog
{
    private readonly Dictionary<string, Standard> _byId;

    private StandardCatalog(List<Standard> standards)
    {
        All = standards;
        _byId = standards.ToDictionary(s => s.Id, StringComparer.Ordinal);
    }

    /// <summary>The standards ordered by id.</summary>
    public IReadOnlyList<Standard> All { get; }

    /// <summary>Loads every standard file in <paramref name="folder"/> (not its subfolders).</summary>
    /// <exception cref="StandardFileException">One or more files are invalid, ids repeat, or a file is not named after its id.</exception>
    public static StandardCatalog LoadFolder(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"standards folder {folder} does not exist");
        }

        var files = Directory.EnumerateFiles(folder)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        var errors = new List<StandardError>();
        var standards = new List<Standard>();
        foreach (var file in files)
        {
            try
            {
                var standard = StandardLoader.LoadFile(file);
                var name = Path.GetFileNameWithoutExtension(file);
                if (!string.Equals(name, standard.Id, StringComparison.Ordinal))
                {
                    errors.Add(new StandardError(file, 1, 1, "id", "catalog.file_name", $"The file of standard '{standard.Id}' must be named {standard.Id}.yaml", $"标准“{standard.Id}”的文件应命名为 {standard.Id}.yaml"));
                }
                else if (standards.FirstOrDefault(s => s.Id == standard.Id) is { } twin)
                {
                    errors.Add(new StandardError(file, 1, 1, "id", "catalog.duplicate_id", $"'{standard.Id}' is also the id of {twin.SourceFile}", $"“{standard.Id}”也是 {twin.SourceFile} 的 id"));
                }
                else
                {
                    standards.Add(standard);
                }
            }
            catch (StandardFileException e)
            {
                errors.AddRange(e.Errors);
            }
        }

        if (errors.Count > 0)
        {
            throw new StandardFileException(errors);
        }

        return new StandardCatalog([.. standards.OrderBy(s => s.Id, StringComparer.Ordinal)]);
    }

    /// <summary>A catalog of standards already loaded (tests, a service that loads from elsewhere); ids must be unique.</summary>
    public static StandardCatalog Of(IEnumerable<Standard> standards)
    {
        var list = standards.ToList();
        var repeated = list.GroupBy(s => s.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return repeated is null
            ? new StandardCatalog([.. list.OrderBy(s => s.Id, StringComparer.Ordinal)])
            : throw new ArgumentException($"standard id '{repeated.Key}' appears more than once", nameof(standards));
    }

    /// <exception cref="KeyNotFoundException">No standard has that id.</exception>
    public Standard Get(string id) => _byId.TryGetValue(id, out var s) ? s : throw new KeyNotFoundException($"no standard with id '{id}'");

    public bool TryGet(string id, out Standard? standard) => _byId.TryGetValue(id, out standard);

    /// <summary>The standard whose canonical hash is <paramref name="hash"/> (0x-hex, any case), as a licence names it.</summary>
    public Standard? ByHash(string hash) => All.FirstOrDefault(s => string.Equals(s.Hash, hash, StringComparison.OrdinalIgnoreCase));

    /// <summary>The standards of a brand (a brand may move to a new standard version; both stay loadable).</summary>
    public IReadOnlyList<Standard> ForBrand(string brandId) => [.. All.Where(s => s.Brand.Id == brandId)];
}
