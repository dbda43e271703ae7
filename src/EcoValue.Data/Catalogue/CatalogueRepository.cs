using System.Data;
using System.Text;
using Dapper;
using EcoValue.Data.Registry;

namespace EcoValue.Data.Catalogue;

/// <summary>
/// The public catalogue (issue 7, docs/catalogue.md): producers holding a licence, with their licences and the batches
/// they claimed a brand for. Reads only; the index (<c>catalogue_docs</c>, <c>catalogue_fts</c>) is kept by triggers
/// (migration 8); on PostgreSQL the text is <c>catalogue_docs.body</c> under a pg_trgm GIN index
/// (<see cref="Migrations.PostgresSchema"/>). Pages are keyset pages in producer id order, so a producer added between
/// two page requests never shifts the rows already seen: no duplicates, no gaps.
/// </summary>
public sealed class CatalogueRepository(Database database)
{
    public const int MaxPageSize = 100;

    /// <summary>At most this many products are listed per producer (newest harvest first); the rest are under its batches.</summary>
    public const int ProductsPerEntry = 20;

    /// <summary>The trigram tokenizer indexes three characters; shorter queries are answered by a scan (docs/catalogue.md).</summary>
    public const int IndexedQueryLength = 3;

    public async Task<Page<CatalogueEntry>> ListAsync(CatalogueFilter filter, string? after, int limit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        limit = Math.Clamp(limit, 1, MaxPageSize);
        var sql = new StringBuilder("SELECT p.id AS Id, p.name AS Name, p.region_code AS RegionCode FROM catalogue_docs d JOIN producers p ON p.id = d.producer_id WHERE 1 = 1");
        var args = new DynamicParameters();
        if (filter.RegionPrefix is { } region)
        {
            sql.Append(" AND substr(p.region_code, 1, length(@region)) = @region");
            args.Add("region", region);
        }

        if (filter.Brand is not null || filter.Status is not null || filter.Category is not null)
        {
            // One licence must satisfy brand, status and category together ("a revoked Baisha licence for tea").
            sql.Append("""
                 AND EXISTS (SELECT 1 FROM licences l WHERE l.producer_id = p.id
                     AND (@brand IS NULL OR l.brand_id = @brand) AND (@status IS NULL OR l.status = @status)
                     AND (@category IS NULL OR EXISTS (SELECT 1 FROM licence_quota lq WHERE lq.licence_id = l.id AND lq.category = @category)))
                """);
            // Typed even when null: PostgreSQL cannot tell a parameter's type from "@brand IS NULL" alone.
            args.Add("brand", filter.Brand, DbType.String);
            args.Add("status", filter.Status, DbType.String);
            args.Add("category", filter.Category, DbType.String);
        }

        var postgres = database.Provider == PostgresDatabase.ProviderName;
        if (!string.IsNullOrWhiteSpace(filter.Query))
        {
            var q = filter.Query.Trim();
            if (postgres)
            {
                AppendPostgresQuery(sql, args, q);
            }
            else if (q.EnumerateRunes().Count() >= IndexedQueryLength)
            {
                // The whole query as one FTS5 string (its quotes doubled): operators, NEAR, * and column filters in
                // it are plain characters, never syntax. A trigram phrase matches as a substring.
                sql.Append(" AND d.docid IN (SELECT rowid FROM catalogue_fts WHERE catalogue_fts MATCH @match)");
                args.Add("match", "\"" + q.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"");
            }
            else
            {
                // 1–2 characters (白沙, 茶): below the trigram, so a scan of the same index text; instr, not LIKE, so
                // % and _ are plain characters. lower() folds ASCII, which is what English needs.
                sql.Append(" AND d.docid IN (SELECT rowid FROM catalogue_fts WHERE instr(lower(body), lower(@q)) > 0)");
                args.Add("q", q);
            }
        }

        if (after is not null)
        {
            sql.Append(" AND p.id > @after");
            args.Add("after", after);
        }

        sql.Append(" ORDER BY p.id LIMIT @limit");
        args.Add("limit", limit + 1);

        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        var producers = (await connection.QueryAsync<ProducerPart>(new CommandDefinition(sql.ToString(), args, cancellationToken: ct)).ConfigureAwait(false)).AsList();
        var more = producers.Count > limit;
        if (more)
        {
            producers.RemoveAt(producers.Count - 1);
        }

        var ids = producers.Select(p => p.Id).ToArray();
        var licences = (await connection.QueryAsync<CatalogueLicence>(new CommandDefinition($$"""
            SELECT l.producer_id AS ProducerId, l.id AS Id, l.brand_id AS BrandId, b.name_zh AS BrandNameZh, b.name_en AS BrandNameEn,
                   l.status AS Status, l.valid_from AS ValidFrom, l.valid_until AS ValidUntil
            FROM licences l JOIN brands b ON b.id = l.brand_id WHERE l.producer_id {{InIds(postgres)}} ORDER BY l.id
            """, new { ids }, cancellationToken: ct)).ConfigureAwait(false)).ToLookup(l => l.ProducerId);
        var products = (await connection.QueryAsync<CatalogueProduct>(new CommandDefinition($$"""
            SELECT ProducerId, BatchId, Product, Category, Gtin, Lot, HarvestDate, BrandId, LicenceId FROM (
                SELECT ba.producer_id AS ProducerId, ba.id AS BatchId, ba.product AS Product, ba.category AS Category, ba.gtin AS Gtin,
                       ba.lot AS Lot, ba.harvest_date AS HarvestDate, c.brand_id AS BrandId, c.licence_id AS LicenceId,
                       row_number() OVER (PARTITION BY ba.producer_id ORDER BY ba.harvest_date DESC, ba.id) AS n
                FROM brand_claims c JOIN batches ba ON ba.id = c.batch_id WHERE ba.producer_id {{InIds(postgres)}}) AS ranked
            WHERE n <= @max ORDER BY ProducerId, HarvestDate DESC, BatchId
            """, new { ids, max = ProductsPerEntry }, cancellationToken: ct)).ConfigureAwait(false)).ToLookup(p => p.ProducerId);

        var entries = producers.Select(p => new CatalogueEntry(p.Id, p.Name, p.RegionCode, [.. licences[p.Id]], [.. products[p.Id]])).ToList();
        return new Page<CatalogueEntry>(entries, more ? entries[^1].ProducerId : null);
    }

    // Dapper expands "IN @ids" into a list of parameters, except on Npgsql, where it binds the list as one array
    // parameter (and "IN $1" is not SQL): PostgreSQL compares with = ANY instead.
    private static string InIds(bool postgres) => postgres ? "= ANY(@ids)" : "IN @ids";

    // PostgreSQL: the text is catalogue_docs.body. From three characters, ILIKE with the query as a plain substring
    // (its \, % and _ escaped, so they are characters, never wildcards, as on SQLite), which the pg_trgm GIN index
    // serves; shorter queries have no trigram to look up, so strpos over lower() (a scan of the same text), as SQLite's
    // instr. Both fold case as the database's ctype does: ASCII at least, so English is case-insensitive.
    private static void AppendPostgresQuery(StringBuilder sql, DynamicParameters args, string q)
    {
        if (q.EnumerateRunes().Count() >= IndexedQueryLength)
        {
            sql.Append(" AND d.body ILIKE ('%' || @pattern || '%')");
            args.Add("pattern", q.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal));
        }
        else
        {
            sql.Append(" AND strpos(lower(d.body), lower(@q)) > 0");
            args.Add("q", q);
        }
    }

    private sealed record ProducerPart(string Id, string Name, string RegionCode);
}

/// <summary>What the catalogue is filtered by; null means "any". Values are checked by the caller.</summary>
public sealed record CatalogueFilter(string? Query = null, string? Brand = null, string? RegionPrefix = null, string? Category = null, string? Status = null);

/// <summary>A certified producer: public fields only (no contacts, no plot coordinates).</summary>
public sealed record CatalogueEntry(string ProducerId, string Name, string RegionCode, IReadOnlyList<CatalogueLicence> Licences, IReadOnlyList<CatalogueProduct> Products);

/// <summary>A licence as the catalogue shows it: brand, stored status (active, suspended, revoked) and validity.</summary>
public sealed record CatalogueLicence(string ProducerId, string Id, string BrandId, string BrandNameZh, string BrandNameEn, string Status, string ValidFrom, string ValidUntil);

/// <summary>A batch that carries a brand, with what its Digital Link is made of.</summary>
public sealed record CatalogueProduct(string ProducerId, string BatchId, string Product, string Category, string Gtin, string Lot, string HarvestDate, string BrandId, string LicenceId);
