using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using EcoValue.Data.Items;
using EcoValue.Domain.Verification;
using EcoValue.Data.Catalogue;
using EcoValue.Data.Migrations;
using EcoValue.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EcoValue.Data.Tests;

/// <summary>
/// <see cref="PostgresSchema"/> on a real PostgreSQL server, against <see cref="SqliteSchema"/> on a real SQLite file:
/// the same tables, columns (mapped types), keys, indexes and triggers; the append-only triggers' messages; the
/// catalogue's triggers and search answering exactly as SQLite's do; the trigram and covering indexes used.
/// Needs <c>ECOVALUE_TEST_POSTGRES</c> (an Npgsql connection string to a server where the test may create databases;
/// scripts/test sets it); skips without it. Each test gets a database of its own, dropped afterwards.
/// </summary>
[Trait("Backend", "postgres")] // runs in scripts/test's PostgreSQL pass
public sealed partial class PostgresSchemaTests : IAsyncLifetime
{
    private static readonly string? Server = Environment.GetEnvironmentVariable(TestDatabases.ServerVariable);
    private readonly string _name = "ecovalue_schema_" + Guid.NewGuid().ToString("N");
    private readonly string _sqliteDir = Directory.CreateTempSubdirectory("ecovalue-pgschema-test-").FullName;
    private NpgsqlDataSource? _source;
    private PostgresDatabase? _postgres;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private NpgsqlDataSource Source => _source ?? throw new InvalidOperationException("no server");

    // The backend itself over the test's database (the migrator and the catalogue repository run through it).
    private PostgresDatabase Postgres => _postgres ?? throw new InvalidOperationException("no server");

    public async ValueTask InitializeAsync()
    {
        if (Server is null)
        {
            return;
        }

        await using (var admin = new NpgsqlConnection(Server))
        {
            await admin.OpenAsync(Ct);
            await admin.ExecuteAsync($"CREATE DATABASE {_name}");
        }

        _source = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(Server) { Database = _name }.ConnectionString);
        _postgres = new PostgresDatabase(new NpgsqlConnectionStringBuilder(Server) { Database = _name }.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_sqliteDir, recursive: true);
        if (_source is null)
        {
            return;
        }

        await _source.DisposeAsync();
        await _postgres!.DisposeAsync();
        await using var admin = new NpgsqlConnection(Server);
        await admin.OpenAsync();
        await admin.ExecuteAsync($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
    }

    // Skips outside CI without a server, fails in CI (TestDatabases.PostgresServer).
    private static void RequireServer() => _ = TestDatabases.PostgresServer();

    [Fact]
    public void Migrations_haveSqlitesVersionsAndNames() =>
        Assert.Equal(SqliteSchema.Migrations.Select(m => (m.Version, m.Name)), PostgresSchema.Migrations.Select(m => (m.Version, m.Name)));

    [Fact]
    public async Task Schema_isSqlitesTableByTable_withMappedTypes()
    {
        RequireServer();
        var sqlite = new SqliteDatabase(_sqliteDir);
        await Migrator.MigrateAsync(sqlite, SqliteSchema.Migrations, Ct);
        await Migrator.MigrateAsync(Postgres, PostgresSchema.Migrations, Ct);
        await using var s = await sqlite.OpenAsync(Ct);
        await using var p = await Source.OpenConnectionAsync(Ct);

        var expected = await SqliteShapeAsync(s);
        var actual = await PostgresShapeAsync(p);
        Assert.Equal(expected.Tables, actual.Tables);
        Assert.Equal(expected.Columns, actual.Columns);
        Assert.Equal(expected.Keys, actual.Keys);
        Assert.Equal(expected.ForeignKeys, actual.ForeignKeys);
        Assert.Equal(expected.Checks, actual.Checks);
        Assert.Equal(expected.Indexes, actual.Indexes);
        Assert.Equal(expected.Triggers, actual.Triggers);
    }

    [Fact]
    public async Task Records_areAppendOnly_andJoinOneBatchOnce_withSqlitesMessages()
    {
        RequireServer();
        await Migrator.MigrateAsync(Postgres, PostgresSchema.Migrations, Ct);
        await using var c = await Source.OpenConnectionAsync(Ct);
        await c.ExecuteAsync(InsertRecord, RecordArgs("r1"));
        var batch1 = await c.ExecuteScalarAsync<long>("INSERT INTO anchor_batches (root, leaf_count, status, created_at) VALUES (@root, 1, 'built', 'now') RETURNING id", new { root = Hash("b1") });
        var batch2 = await c.ExecuteScalarAsync<long>("INSERT INTO anchor_batches (root, leaf_count, status, created_at) VALUES (@root, 1, 'built', 'now') RETURNING id", new { root = Hash("b2") });

        Assert.Equal("records are append-only: write a correcting record instead",
            (await Assert.ThrowsAsync<PostgresException>(() => c.ExecuteAsync("UPDATE records SET envelope = @e WHERE id = 'r1'", new { e = new byte[] { 1 } }))).MessageText);
        // UPDATE OF fires on a named column even when its value does not change, as on SQLite.
        Assert.Equal("records are append-only: write a correcting record instead",
            (await Assert.ThrowsAsync<PostgresException>(() => c.ExecuteAsync("UPDATE records SET kind = kind WHERE id = 'r1'"))).MessageText);
        Assert.Equal("records are append-only: they are never deleted",
            (await Assert.ThrowsAsync<PostgresException>(() => c.ExecuteAsync("DELETE FROM records WHERE id = 'r1'"))).MessageText);
        Assert.Equal("records are append-only: they are never deleted",
            (await Assert.ThrowsAsync<PostgresException>(() => c.ExecuteAsync("TRUNCATE records CASCADE"))).MessageText);

        Assert.Equal(1, await c.ExecuteAsync("UPDATE records SET batch_id = @batch1, leaf_index = 0 WHERE id = 'r1'", new { batch1 }));
        Assert.Equal("a record joins exactly one anchor batch",
            (await Assert.ThrowsAsync<PostgresException>(() => c.ExecuteAsync("UPDATE records SET batch_id = @batch2 WHERE id = 'r1'", new { batch2 }))).MessageText);
        Assert.Equal(1L, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM records WHERE batch_id = @batch1", new { batch1 }));

        // A 31-byte hash breaks the CHECK; bytes, not characters, are counted.
        var shortHash = await Assert.ThrowsAsync<PostgresException>(() => c.ExecuteAsync(InsertRecord, RecordArgs("r2") with { Hash = new byte[31] }));
        Assert.Equal(PostgresErrorCodes.CheckViolation, shortHash.SqlState);
        // A deferred reference is checked at commit: a row may name a record that is appended later in its transaction.
        await using (var tx = await c.BeginTransactionAsync(Ct))
        {
            await c.ExecuteAsync("INSERT INTO users (id, username, username_key, password_hash, role, created_at, password_changed_at, security_stamp) VALUES ('u', 'u', 'u', 'x', 'admin', 't', 't', 's')", transaction: tx);
            await c.ExecuteAsync("INSERT INTO producers (id, record_id, version, name, credit_code, region_code, status, created_at, updated_at) VALUES ('p', 'r-late', 1, 'n', 'c', '46', 'approved', 't', 't')", transaction: tx);
            await c.ExecuteAsync(InsertRecord, RecordArgs("r-late"), tx);
            await tx.CommitAsync(Ct);
        }

        var dangling = await Assert.ThrowsAsync<PostgresException>(() => c.ExecuteAsync("INSERT INTO producers (id, record_id, version, name, credit_code, region_code, status, created_at, updated_at) VALUES ('q', 'r-none', 1, 'n', 'c2', '46', 'approved', 't', 't')"));
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, dangling.SqlState);
    }

    [Fact]
    public async Task Catalogue_triggersKeepTheText_andSearchAnswersAsOnSqlite()
    {
        RequireServer();
        var sqlite = new SqliteDatabase(_sqliteDir);
        var postgres = Postgres;
        Database[] both = [sqlite, postgres];
        IReadOnlyList<Migration>[] schemas = [SqliteSchema.Migrations, PostgresSchema.Migrations];
        for (var i = 0; i < both.Length; i++)
        {
            // p1 is certified before migration 8 (only the migration can index it), p2 afterwards (only the triggers can).
            await Migrator.MigrateAsync(both[i], [.. schemas[i].Take(7)], Ct);
            await SeedAsync(both[i], Seed.Base);
            await SeedAsync(both[i], Seed.Producer("p1", "白沙绿野茶叶专业合作社", "469025", "baisha", "白沙绿茶", "tea"));
            await Migrator.MigrateAsync(both[i], schemas[i], Ct);
            await SeedAsync(both[i], Seed.Producer("p2", "Wuzhishan Green Leaf Tea Co. 100%_off\\", "469001", "rainforest", "Oolong", "tea"));
            await SeedAsync(both[i], Seed.Unlicensed("p3", "海口咖啡农场 Haikou Tea"));
        }

        Assert.Equal("白沙绿野茶叶专业合作社 469025 白沙良食 Baisha Liangshi 白沙绿茶 tea", await BodyAsync(postgres, "p1"));
        Assert.Equal(["p1"], await IdsAsync(postgres, "白沙"));
        Assert.Equal(["p1"], await IdsAsync(postgres, "绿野茶叶"));
        Assert.Equal(["p2"], await IdsAsync(postgres, "green"));
        Assert.Equal(["p1", "p2"], await IdsAsync(postgres, "TEA"));
        Assert.Equal(["p2"], await IdsAsync(postgres, "%"));
        Assert.Equal(["p2"], await IdsAsync(postgres, "0%_o"));
        Assert.Empty(await IdsAsync(postgres, "0%o"));
        Assert.Empty(await IdsAsync(postgres, "咖啡"));
        await AssertSameAsync();

        // Every trigger: a producer's name, a batch's product, a brand's names, a new claim, a deleted claim.
        await WriteAsync(both, "UPDATE producers SET name = 'Wuzhishan Blue Leaf Co.' WHERE id = 'p2'");
        await WriteAsync(both, "UPDATE batches SET product = '五指山红茶' WHERE id = 'batch-p2'");
        await WriteAsync(both, "UPDATE brands SET name_en = 'Baisha Good Food' WHERE id = 'baisha'");
        Assert.Equal("白沙绿野茶叶专业合作社 469025 白沙良食 Baisha Good Food 白沙绿茶 tea", await BodyAsync(postgres, "p1"));
        Assert.Equal(["p2"], await IdsAsync(postgres, "红茶"));
        Assert.Equal(["p1"], await IdsAsync(postgres, "good food"));
        await AssertSameAsync();
        await WriteAsync(both, "DELETE FROM brand_claims WHERE batch_id = 'batch-p2'");
        Assert.Equal("Wuzhishan Blue Leaf Co. 469001 热带雨林国家公园 Rainforest National Park", await BodyAsync(postgres, "p2"));
        await AssertSameAsync();

        async Task AssertSameAsync()
        {
            Assert.Equal(await BodiesAsync(sqlite, "SELECT d.producer_id, f.body FROM catalogue_docs d JOIN catalogue_fts f ON f.rowid = d.docid ORDER BY d.producer_id"),
                await BodiesAsync(postgres, "SELECT producer_id, body FROM catalogue_docs ORDER BY producer_id"));
            string[] queries = ["白沙", "绿茶", "绿野茶叶", "茶", "GREEN", "leaf", "oolong", "Tea", "rainforest national", "liang", "ba", "46", "4690",
                "%", "_", "\\", "%_", "100%", "0%_o", "%_off\\", "_off", "a_b", "\"", "tea*", "O'", "咖啡", "haikou", "good food", "红茶", "blue leaf"];
            foreach (var q in queries)
            {
                Assert.Equal(await EntriesAsync(sqlite, q), await EntriesAsync(postgres, q));
            }
        }
    }

    [Fact]
    public async Task Catalogue_queriesOfThreeCharactersUseTheTrigramIndex()
    {
        RequireServer();
        var postgres = Postgres;
        await Migrator.MigrateAsync(postgres, PostgresSchema.Migrations, Ct);
        await SeedAsync(postgres, Seed.Base);
        await SeedAsync(postgres, Seed.Producer("p1", "白沙绿野茶叶专业合作社", "469025", "baisha", "白沙绿茶", "tea"));
        await using var c = await Source.OpenConnectionAsync(Ct);
        await using var tx = await c.BeginTransactionAsync(Ct);
        await c.ExecuteAsync("SET LOCAL enable_seqscan = off", transaction: tx);
        foreach (var q in new[] { "绿野茶", "Baisha" })
        {
            var plan = string.Join('\n', await c.QueryAsync<string>("EXPLAIN SELECT docid FROM catalogue_docs d WHERE d.body ILIKE ('%' || @q || '%')", new { q }, tx));
            Assert.Contains("catalogue_docs_body", plan, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Migrations10And12_backfillTheScanRows_alikeOnBothEngines_andThePendingReadStaysInItsIndex()
    {
        RequireServer();
        var sqlite = new SqliteDatabase(_sqliteDir);
        var postgres = Postgres;
        Database[] both = [sqlite, postgres];
        IReadOnlyList<Migration>[] schemas = [SqliteSchema.Migrations, PostgresSchema.Migrations];
        var rows = new List<List<(string Serial, long Count, string FirstAt, List<ScanEntry> Recent)>>();
        for (var i = 0; i < both.Length; i++)
        {
            await Migrator.MigrateAsync(both[i], [.. schemas[i].Take(9)], Ct);
            await WriteAsync([both[i]], """
                INSERT INTO scans (serial, at, scanner_hash, lat, lon, place) VALUES
                    ('s1', '2026-12-02T00:00:00.000Z', 'h1', 18.25, 109.5, 'Sanya "三亚"'), ('s1', '2026-12-01T00:00:00.000Z', 'h2', NULL, NULL, NULL),
                    ('s2', '2026-12-03T00:00:00.000Z', 'h1', NULL, NULL, NULL)
                """);
            await Migrator.MigrateAsync(both[i], schemas[i], Ct);
            await using var c = await both[i].OpenAsync(Ct);
            rows.Add([.. (await c.QueryAsync<(string, long, string, string)>("SELECT serial, count, first_at, recent FROM scan_totals ORDER BY serial"))
                .Select(r => (r.Item1, r.Item2, r.Item3, ScanHistory.Read(r.Item4)))]);
        }

        var day = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        List<(string, long, string, List<ScanEntry>)> expected =
        [
            ("s1", 2L, "2026-12-01T00:00:00.000Z", [new(day.AddDays(1), "h1", 18.25, 109.5, "Sanya \"三亚\""), new(day, "h2", null, null, null)]),
            ("s2", 1L, "2026-12-03T00:00:00.000Z", [new(day.AddDays(2), "h1", null, null, null)]),
        ];
        foreach (var engine in rows)
        {
            Assert.Equal(expected.Select(e => (e.Item1, e.Item2, e.Item3)), engine.Select(e => (e.Serial, e.Count, e.FirstAt)));
            Assert.Equal(expected.SelectMany(e => e.Item4), engine.SelectMany(e => e.Recent));
        }

        await using var p = await Source.OpenConnectionAsync(Ct);
        await p.ExecuteAsync(InsertRecord, RecordArgs("r1"));
        // One command: VACUUM cannot run inside a multi-statement command (Npgsql sends those as one pipeline).
        await p.ExecuteAsync("VACUUM ANALYZE records");
        await using var tx = await p.BeginTransactionAsync(Ct);
        await p.ExecuteAsync("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off", transaction: tx);
        var pending = string.Join('\n', await p.QueryAsync<string>("EXPLAIN SELECT seq, record_hash FROM records WHERE batch_id IS NULL ORDER BY seq LIMIT 10000", transaction: tx));
        Assert.Contains("Index Only Scan using records_pending", pending, StringComparison.Ordinal);
    }

    // --- seeding by hand-written SQL that both engines run unchanged ---

    private const string InsertRecord = """
        INSERT INTO records (id, kind, subject, actor, at, envelope, record_hash, committed_at)
        VALUES (@Id, 'test', @Id, 'user:test', '2026-12-03T08:00:00.000Z', @Envelope, @Hash, '2026-12-03T08:00:00.000Z')
        """;

    private sealed record RecordRow(string Id, byte[] Envelope, byte[] Hash);

    private static RecordRow RecordArgs(string id) => new(id, Encoding.UTF8.GetBytes("{}"), Hash(id));

    private static byte[] Hash(string seed) => SHA256.HashData(Encoding.UTF8.GetBytes(seed));

    private static string Hex66(string seed) => "0x" + Convert.ToHexStringLower(Hash(seed));

    private static class Seed
    {
        public static readonly (string Sql, object? Args)[] Base =
        [
            ("INSERT INTO users (id, username, username_key, password_hash, role, created_at, password_changed_at, security_stamp) VALUES ('cert', 'cert', 'cert', 'x', 'certifier', 't', 't', 's')", null),
            .. Brand("baisha", "白沙良食", "Baisha Liangshi"),
            .. Brand("rainforest", "热带雨林国家公园", "Rainforest National Park"),
        ];

        private static (string, object?)[] Brand(string id, string zh, string en) =>
        [
            (InsertRecord, RecordArgs("r-" + id)),
            ("""
             INSERT INTO brands (id, record_id, version, name_zh, name_en, standard_id, standard_version, standard_hash, chain_id_hash, metadata_uri, created_at, updated_at)
             VALUES (@id, @record, 1, @zh, @en, 'std', '1', @hash, @chain, 'ipfs://x', 't', 't')
             """, new { id, record = "r-" + id, zh, en, hash = Hex66("std"), chain = Hex66("chain-" + id) }),
        ];

        public static (string, object?)[] Unlicensed(string id, string name) =>
        [
            (InsertRecord, RecordArgs("r-" + id)),
            ("INSERT INTO producers (id, record_id, version, name, credit_code, region_code, status, created_at, updated_at) VALUES (@id, @record, 1, @name, @id, '460100', 'approved', 't', 't')",
                new { id, record = "r-" + id, name }),
        ];

        // A producer, its plot and batch, an approved application, a licence for the brand, and the batch's claim.
        public static (string, object?)[] Producer(string id, string name, string region, string brand, string product, string category) =>
        [
            .. new[] { "r-" + id, "r-plot-" + id, "r-batch-" + id, "r-app-" + id, "r-lic-" + id, "r-claim-" + id }.Select(r => ((string, object?))(InsertRecord, RecordArgs(r))),
            ("INSERT INTO producers (id, record_id, version, name, credit_code, region_code, status, created_at, updated_at) VALUES (@id, @record, 1, @name, @id, @region, 'approved', 't', 't')",
                new { id, record = "r-" + id, name, region }),
            ("INSERT INTO plots (id, producer_id, record_id, version, name, region_code, area_mu, created_at, updated_at) VALUES (@plot, @id, @record, 1, 'plot', @region, 12.5, 't', 't')",
                new { plot = "plot-" + id, id, record = "r-plot-" + id, region }),
            ("""
             INSERT INTO batches (id, producer_id, plot_id, record_id, version, product, category, gtin, lot, harvest_date, quantity, unit, created_at, updated_at)
             VALUES (@batch, @id, @plot, @record, 1, @product, @category, '06901234567892', @id, '2026-11-01', 100, 'kg', 't', 't')
             """, new { batch = "batch-" + id, id, plot = "plot-" + id, record = "r-batch-" + id, product, category }),
            ("""
             INSERT INTO applications (id, producer_id, brand_id, record_id, version, plots, categories, status, created_at, updated_at)
             VALUES (@app, @id, @brand, @record, 1, '[]', '[]', 'approved', 't', 't')
             """, new { app = "app-" + id, id, brand, record = "r-app-" + id }),
            ("""
             INSERT INTO licences (id, chain_id_hash, application_id, producer_id, brand_id, certifier_user_id, certifier_address, standard_hash,
                                   valid_from, valid_until, document, document_hash, status, record_id, version, created_at, updated_at)
             VALUES (@lic, @chain, @app, @id, @brand, 'cert', '0x01', @std, '2026-01-01', '2029-01-01', '{}', @doc, 'active', @record, 1, 't', 't')
             """, new { lic = "lic-" + id, chain = Hex66("lic-" + id), app = "app-" + id, id, brand, std = Hex66("std"), doc = Hex66("doc-" + id), record = "r-lic-" + id }),
            ("INSERT INTO licence_quota (licence_id, category, season, quantity_kg) VALUES (@lic, @category, '2026', 1000)", new { lic = "lic-" + id, category }),
            ("""
             INSERT INTO brand_claims (batch_id, licence_id, brand_id, category, season, quantity_kg, record_id, created_at)
             VALUES (@batch, @lic, @brand, @category, '2026', 100, @record, 't')
             """, new { batch = "batch-" + id, lic = "lic-" + id, brand, category, record = "r-claim-" + id }),
        ];
    }

    private static Task SeedAsync(Database database, (string Sql, object? Args)[] statements) =>
        database.WriteAsync(async (c, tx) =>
        {
            foreach (var (sql, args) in statements)
            {
                await c.ExecuteAsync(new CommandDefinition(sql, args, tx, cancellationToken: Ct));
            }

            return 0;
        }, Ct);

    private static async Task WriteAsync(Database[] databases, string sql)
    {
        foreach (var database in databases)
        {
            await database.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(sql, transaction: tx, cancellationToken: Ct)), Ct);
        }
    }

    private static async Task<string?> BodyAsync(Database database, string producer)
    {
        await using var c = await database.OpenAsync(Ct);
        return await c.ExecuteScalarAsync<string?>("SELECT body FROM catalogue_docs WHERE producer_id = @producer", new { producer });
    }

    private static async Task<List<(string, string)>> BodiesAsync(Database database, string sql)
    {
        await using var c = await database.OpenAsync(Ct);
        return (await c.QueryAsync<(string, string)>(sql)).AsList();
    }

    private static async Task<string[]> IdsAsync(Database database, string query) =>
        [.. (await new CatalogueRepository(database).ListAsync(new CatalogueFilter(query), after: null, limit: 100, Ct)).Items.Select(e => e.ProducerId)];

    // An entry as a line: what the page says beside the ids (its licences and products come from the other two queries).
    private static async Task<string[]> EntriesAsync(Database database, string query) =>
        [.. (await new CatalogueRepository(database).ListAsync(new CatalogueFilter(query), after: null, limit: 100, Ct)).Items.Select(e =>
            $"{e.ProducerId} {e.Name} {e.RegionCode} [{string.Join(", ", e.Licences)}] [{string.Join(", ", e.Products)}]")];

    // --- the schema's shape, read from each engine's catalogue and rendered alike ---

    private sealed record Shape(List<string> Tables, List<string> Columns, List<string> Keys, List<string> ForeignKeys, List<string> Checks, List<string> Indexes, List<string> Triggers);

    private static string Norm(string? sql) => sql is null ? "" : NormRegex().Replace(sql.ToLowerInvariant()
        .Replace("::text", "", StringComparison.Ordinal).Replace("= any (array[", " in (", StringComparison.Ordinal), "");

    [GeneratedRegex(@"[\s()\[\]]")]
    private static partial Regex NormRegex();

    [GeneratedRegex(@"^\s*(\w+)\s.*REFERENCES (\w+)\((\w+)\)( DEFERRABLE INITIALLY DEFERRED)?", RegexOptions.Multiline)]
    private static partial Regex ReferenceRegex();

    [GeneratedRegex(@"CREATE TRIGGER (\w+)\s+(BEFORE|AFTER)\s+(INSERT|DELETE|UPDATE)(?:\s+OF\s+([\w, ]+?))?\s+ON\s+(\w+)(?:\s+WHEN\s+(.+?))?\s+BEGIN", RegexOptions.Singleline)]
    private static partial Regex TriggerRegex();

    private static string SqliteType(string type, bool rowid) => rowid ? "bigint identity" : type switch
    {
        "INTEGER" => "bigint",
        "TEXT" => "text",
        "BLOB" => "bytea",
        "REAL" => "double precision",
        _ => throw new InvalidOperationException("unmapped SQLite type " + type),
    };

    private static async Task<Shape> SqliteShapeAsync(DbConnection c)
    {
        var shape = new Shape([], [], [], [], [], [], []);
        // SQLite's own: its full-text tables, and the mark of its deferred scan totals (migration 13; PostgreSQL
        // counts each scan as it logs it).
        var tables = (await c.QueryAsync<(string Name, string Sql)>("""
            SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'catalogue_fts%' AND name NOT IN ('schema_migrations', 'scan_totals_through') ORDER BY name
            """)).AsList();
        foreach (var (table, sql) in tables)
        {
            shape.Tables.Add(table);
            var columns = (await c.QueryAsync<(string Name, string Type, long NotNull, string? Default, long Pk)>(
                "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(@table) ORDER BY cid", new { table })).AsList();
            var pk = columns.Where(x => x.Pk > 0).OrderBy(x => x.Pk).Select(x => x.Name).ToList();
            foreach (var col in columns)
            {
                var rowid = pk.Count == 1 && col.Pk == 1 && col.Type == "INTEGER";
                // A primary key is NOT NULL on PostgreSQL; SQLite lets a non-integer one hold NULL unless it says NOT NULL.
                shape.Columns.Add($"{table}.{col.Name} {SqliteType(col.Type, rowid)}{(col.NotNull == 1 || col.Pk > 0 ? " not null" : "")} default {col.Default}");
            }

            if (table == "catalogue_docs")
            {
                // PostgreSQL keeps the searched text beside the docid (SQLite keeps it in catalogue_fts).
                shape.Columns.Add("catalogue_docs.body text not null default ''");
            }

            shape.Keys.Add($"{table} primary key ({string.Join(", ", pk)})");
            foreach (var index in await c.QueryAsync<string>("SELECT name FROM pragma_index_list(@table) WHERE origin = 'u'", new { table }))
            {
                var cols = await c.QueryAsync<string>("SELECT name FROM pragma_index_info(@index) ORDER BY seqno", new { index });
                shape.Keys.Add($"{table} unique ({string.Join(", ", cols)})");
            }

            var deferred = ReferenceRegex().Matches(sql).ToDictionary(m => m.Groups[1].Value, m => m.Groups[4].Success);
            foreach (var fk in await c.QueryAsync<(string Table, string From, string To)>("SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(@table)", new { table }))
            {
                shape.ForeignKeys.Add($"{table}.{fk.From} -> {fk.Table}.{fk.To}{(deferred[fk.From] ? " deferred" : "")}");
            }

            shape.Checks.Add($"{table} {Regex.Count(sql, @"CHECK \(")} checks");
        }

        var indexes = (await c.QueryAsync<(string Name, string Table, string Sql)>(
            "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")).AsList();
        foreach (var (name, table, sql) in indexes)
        {
            var keys = string.Join(", ", await c.QueryAsync<string>("SELECT name FROM pragma_index_info(@name) ORDER BY seqno", new { name }));
            var where = sql.Contains(" WHERE ", StringComparison.Ordinal) ? sql[(sql.IndexOf(" WHERE ", StringComparison.Ordinal) + 7)..] : null;
            // The covering index carries its non-key column as INCLUDE on PostgreSQL (PostgresSchema, migration 4).
            var include = "";
            (keys, include) = name switch
            {
                "records_pending" => ("seq", "record_hash"),
                _ => (keys, include),
            };
            shape.Indexes.Add($"{name} on {table}{(sql.StartsWith("CREATE UNIQUE", StringComparison.Ordinal) ? " unique" : "")} btree ({keys}) include ({include}) where {Norm(where)}");
        }

        shape.Indexes.Add("catalogue_docs_body on catalogue_docs gin (body) include () where ");
        foreach (var sql in await c.QueryAsync<string>("SELECT sql FROM sqlite_master WHERE type = 'trigger'"))
        {
            var m = TriggerRegex().Match(sql);
            Assert.True(m.Success, sql);
            var of = m.Groups[4].Success ? string.Join(", ", m.Groups[4].Value.Split(',', StringSplitOptions.TrimEntries)) : "";
            shape.Triggers.Add($"{m.Groups[1].Value} {m.Groups[2].Value} {m.Groups[3].Value} of ({of}) on {m.Groups[5].Value} when {Norm(m.Groups[6].Success ? m.Groups[6].Value : null)}");
        }

        return Sorted(shape);
    }

    private static async Task<Shape> PostgresShapeAsync(DbConnection c)
    {
        var shape = new Shape([], [], [], [], [], [], []);
        shape.Tables.AddRange(await c.QueryAsync<string>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'"));
        foreach (var col in await c.QueryAsync<(string Table, string Name, string Type, string Nullable, string? Default, string Identity)>("""
            SELECT table_name, column_name, data_type, is_nullable, column_default, is_identity FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name <> 'schema_migrations' ORDER BY table_name, ordinal_position
            """))
        {
            var type = col.Identity == "YES" ? col.Type + " identity" : col.Type;
            var value = col.Default?.Replace("::text", "", StringComparison.Ordinal);
            shape.Columns.Add($"{col.Table}.{col.Name} {type}{(col.Nullable == "NO" ? " not null" : "")} default {value}");
        }

        foreach (var k in await c.QueryAsync<(string Table, string Type, string Columns, bool Deferrable, bool Deferred, string? RefTable, string? RefColumns)>("""
            SELECT t.relname, k.contype::text,
                   (SELECT string_agg(a.attname, ', ' ORDER BY u.n) FROM unnest(k.conkey) WITH ORDINALITY AS u(attnum, n) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum),
                   k.condeferrable, k.condeferred, r.relname,
                   (SELECT string_agg(a.attname, ', ' ORDER BY u.n) FROM unnest(k.confkey) WITH ORDINALITY AS u(attnum, n) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum)
            FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace LEFT JOIN pg_class r ON r.oid = k.confrelid
            WHERE n.nspname = 'public' AND t.relname <> 'schema_migrations'
            """))
        {
            switch (k.Type)
            {
                case "p":
                    shape.Keys.Add($"{k.Table} primary key ({k.Columns})");
                    break;
                case "u":
                    shape.Keys.Add($"{k.Table} unique ({k.Columns})");
                    break;
                case "f":
                    Assert.Equal(k.Deferrable, k.Deferred);
                    shape.ForeignKeys.Add($"{k.Table}.{k.Columns} -> {k.RefTable}.{k.RefColumns}{(k.Deferred ? " deferred" : "")}");
                    break;
                default:
                    break;
            }
        }

        shape.Checks.AddRange(await c.QueryAsync<string>("""
            SELECT t.table_name || ' ' || (SELECT count(*) FROM pg_constraint k WHERE k.conrelid = t.table_name::regclass AND k.contype = 'c') || ' checks'
            FROM information_schema.tables t WHERE t.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND t.table_name <> 'schema_migrations'
            """));
        foreach (var i in await c.QueryAsync<(string Name, string Table, bool Unique, string Method, string Keys, string? Include, string? Where)>("""
            SELECT ic.relname, t.relname, x.indisunique, am.amname,
                   (SELECT string_agg(a.attname, ', ' ORDER BY u.n) FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS u(attnum, n)
                        JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = u.attnum WHERE u.n <= x.indnkeyatts),
                   (SELECT string_agg(a.attname, ', ' ORDER BY u.n) FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS u(attnum, n)
                        JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = u.attnum WHERE u.n > x.indnkeyatts),
                   pg_get_expr(x.indpred, x.indrelid)
            FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_am am ON am.oid = ic.relam
                 JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)
            """))
        {
            shape.Indexes.Add($"{i.Name} on {i.Table}{(i.Unique ? " unique" : "")} {i.Method} ({i.Keys}) include ({i.Include}) where {Norm(i.Where)}");
        }

        foreach (var t in await c.QueryAsync<(string Name, string Timing, string Event, string Table, string? When, string? Of)>("""
            SELECT g.trigger_name, g.action_timing, g.event_manipulation, g.event_object_table, g.action_condition,
                   (SELECT string_agg(u.event_object_column, ', ' ORDER BY a.attnum) FROM information_schema.triggered_update_columns u
                        JOIN pg_attribute a ON a.attrelid = g.event_object_table::regclass AND a.attname = u.event_object_column
                    WHERE u.trigger_name = g.trigger_name AND u.event_object_table = g.event_object_table)
            FROM information_schema.triggers g WHERE g.trigger_schema = 'public'
            """))
        {
            shape.Triggers.Add($"{t.Name} {t.Timing} {t.Event} of ({t.Of}) on {t.Table} when {Norm(t.When)}");
        }

        return Sorted(shape);
    }

    private static Shape Sorted(Shape s)
    {
        foreach (var list in new[] { s.Tables, s.Columns, s.Keys, s.ForeignKeys, s.Checks, s.Indexes, s.Triggers })
        {
            list.Sort(StringComparer.Ordinal);
        }

        return s;
    }
}
