namespace EcoValue.Data.Migrations;

/// <summary>The SQLite schema, as ordered migrations. Append new steps; never edit a released one.</summary>
public static class SqliteSchema
{
    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "records, anchor batches and transactions, chain deployments", """
            -- Every fact that matters, as its canonical (RFC 8785) envelope bytes exactly as hashed.
            -- Append-only: content columns can never change, rows can never be deleted (triggers below).
            CREATE TABLE records (
                seq          INTEGER PRIMARY KEY AUTOINCREMENT,
                id           TEXT    NOT NULL UNIQUE,
                kind         TEXT    NOT NULL,
                subject      TEXT    NOT NULL,
                actor        TEXT    NOT NULL,
                at           TEXT    NOT NULL,
                envelope     BLOB    NOT NULL,
                record_hash  BLOB    NOT NULL UNIQUE CHECK (length(record_hash) = 32),
                committed_at TEXT    NOT NULL,
                -- Set once, when the record joins a Merkle tree; the tree's root is the anchoring idempotency key.
                batch_id     INTEGER NULL REFERENCES anchor_batches(id),
                leaf_index   INTEGER NULL
            );
            CREATE INDEX records_pending ON records(seq) WHERE batch_id IS NULL;
            CREATE INDEX records_batch ON records(batch_id, leaf_index) WHERE batch_id IS NOT NULL;
            CREATE INDEX records_subject ON records(subject, seq);
            CREATE INDEX records_kind ON records(kind, seq);

            CREATE TRIGGER records_content_is_append_only
            BEFORE UPDATE OF id, kind, subject, actor, at, envelope, record_hash, committed_at ON records
            BEGIN SELECT RAISE(ABORT, 'records are append-only: write a correcting record instead'); END;

            CREATE TRIGGER records_batch_is_set_once
            BEFORE UPDATE OF batch_id, leaf_index ON records
            WHEN OLD.batch_id IS NOT NULL
            BEGIN SELECT RAISE(ABORT, 'a record joins exactly one anchor batch'); END;

            CREATE TRIGGER records_are_never_deleted
            BEFORE DELETE ON records
            BEGIN SELECT RAISE(ABORT, 'records are append-only: they are never deleted'); END;

            -- One Merkle tree per anchoring window. status: built -> sent -> mined -> anchored (confirmed);
            -- a reorg under the confirmation depth sends a batch from mined back to built.
            CREATE TABLE anchor_batches (
                id           INTEGER PRIMARY KEY AUTOINCREMENT,
                root         BLOB    NOT NULL UNIQUE CHECK (length(root) = 32),
                leaf_count   INTEGER NOT NULL CHECK (leaf_count > 0),
                status       TEXT    NOT NULL CHECK (status IN ('built', 'sent', 'mined', 'anchored')),
                created_at   TEXT    NOT NULL,
                tx_hash      BLOB    NULL CHECK (tx_hash IS NULL OR length(tx_hash) = 32),
                block_number INTEGER NULL,
                block_hash   BLOB    NULL CHECK (block_hash IS NULL OR length(block_hash) = 32),
                anchored_at  TEXT    NULL
            );
            CREATE INDEX anchor_batches_open ON anchor_batches(status) WHERE status <> 'anchored';

            -- Every signed transaction, written before it is sent (write-ahead), including fee-bump replacements:
            -- after a crash any of them may be the one that was mined.
            CREATE TABLE anchor_transactions (
                id                       INTEGER PRIMARY KEY AUTOINCREMENT,
                batch_id                 INTEGER NOT NULL REFERENCES anchor_batches(id),
                chain_id                 INTEGER NOT NULL,
                sender                   TEXT    NOT NULL,
                nonce                    INTEGER NOT NULL,
                tx_hash                  BLOB    NOT NULL UNIQUE CHECK (length(tx_hash) = 32),
                raw                      BLOB    NOT NULL,
                max_fee_per_gas          TEXT    NOT NULL,
                max_priority_fee_per_gas TEXT    NOT NULL,
                created_at               TEXT    NOT NULL,
                superseded               INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX anchor_transactions_batch ON anchor_transactions(batch_id);
            CREATE INDEX anchor_transactions_nonce ON anchor_transactions(chain_id, sender, nonce);

            -- Where our contracts live on each chain, and the code hash we expect there (start-up check).
            CREATE TABLE chain_deployments (
                chain_id      INTEGER NOT NULL,
                contract      TEXT    NOT NULL,
                address       TEXT    NOT NULL,
                code_hash     BLOB    NOT NULL CHECK (length(code_hash) = 32),
                deploy_tx     BLOB    NOT NULL,
                deploy_block  INTEGER NOT NULL,
                genesis_hash  BLOB    NOT NULL CHECK (length(genesis_hash) = 32),
                deployed_at   TEXT    NOT NULL,
                PRIMARY KEY (chain_id, contract)
            );
            """),
        new(2, "users and refresh tokens", """
            -- Accounts. username is the display form exactly as given (round-trips byte for byte); username_key is its
            -- NFKC, lower-cased form, which uniqueness and sign-in compare (so "Ａdmin" and "admin" are one name).
            -- producer_id has no foreign key: producers arrive with migration 3 (registry).
            CREATE TABLE users (
                id                  TEXT    PRIMARY KEY,
                username            TEXT    NOT NULL,
                username_key        TEXT    NOT NULL UNIQUE,
                password_hash       TEXT    NOT NULL,
                role                TEXT    NOT NULL CHECK (role IN ('admin', 'farmer', 'certifier', 'buyer')),
                producer_id         TEXT    NULL,
                disabled            INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
                failed_logins       INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
                locked_until        TEXT    NULL,
                created_at          TEXT    NOT NULL,
                password_changed_at TEXT    NOT NULL,
                -- Changes when the account is disabled or its password reset: every access token, refresh token and
                -- portal cookie carries the stamp it was issued under and stops working when it no longer matches.
                security_stamp      TEXT    NOT NULL,
                -- A farmer belongs to exactly one producer; nobody else belongs to one.
                CHECK ((role = 'farmer') = (producer_id IS NOT NULL))
            );
            CREATE INDEX users_role ON users(role, username_key);
            CREATE INDEX users_producer ON users(producer_id) WHERE producer_id IS NOT NULL;

            -- Rotating refresh tokens. Only the SHA-256 of a token is stored. A family is one sign-in and all its
            -- rotations; presenting a token that was already used revokes the whole family (reuse detection).
            CREATE TABLE refresh_tokens (
                id             TEXT NOT NULL PRIMARY KEY,
                user_id        TEXT NOT NULL REFERENCES users(id),
                family_id      TEXT NOT NULL,
                token_hash     BLOB NOT NULL UNIQUE CHECK (length(token_hash) = 32),
                security_stamp TEXT NOT NULL,
                created_at     TEXT NOT NULL,
                expires_at     TEXT NOT NULL,
                used_at        TEXT NULL,
                revoked_at     TEXT NULL,
                replaced_by    TEXT NULL REFERENCES refresh_tokens(id)
            );
            CREATE INDEX refresh_tokens_family ON refresh_tokens(family_id);
            CREATE INDEX refresh_tokens_user_live ON refresh_tokens(user_id) WHERE revoked_at IS NULL;
            """),
        new(3, "registry: producers, plots, batches, field events, lab results", RegistrySchema.Sql),
        new(4, "pending records index covers the record hash", """
            -- Cutting an anchoring window reads the oldest 10,000 pending (seq, record_hash) pairs. With the hash in the
            -- partial index that read stays inside the index (~100 pages) instead of visiting every record row with
            -- its envelope (~2,500 pages); measured, it was the first of three stalls a cut put on single writes
            -- (docs/architecture.md, "Write path").
            -- batch_id is in the key although it is always NULL there: SQLite only answers from an index that holds every
            -- column the query names, the partial index's own WHERE column included.
            DROP INDEX records_pending;
            CREATE INDEX records_pending ON records(seq, record_hash, batch_id) WHERE batch_id IS NULL;
            """),
        new(5, "certification: brands, accreditations, applications, licences, brand claims, chain operations", CertificationSchema.Sql),
        new(6, "evidence documents and carbon declarations", EvidenceSchema.Sql),
        new(7, "item codes: issuances, items, recalls, scan log", ItemsSchema.Sql),
        new(8, "catalogue: full-text index (FTS5 trigram) of certified producers, kept by triggers", CatalogueSchema.Sql),
        new(9, "saved bulk verification reports", """
            -- A buyer's signed verification reports (issue 7, docs/verification-report.md), kept byte for byte: the
            -- signature covers the exact file. The summary columns let a list show them without reading the document.
            CREATE TABLE verification_reports (
                id           TEXT    PRIMARY KEY,
                owner_id     TEXT    NOT NULL REFERENCES users(id),
                created_at   TEXT    NOT NULL,
                total        INTEGER NOT NULL CHECK (total BETWEEN 0 AND 10000),
                by_status    TEXT    NOT NULL,
                label        TEXT,
                document     BLOB    NOT NULL
            );
            CREATE INDEX verification_reports_owner ON verification_reports(owner_id, id);
            """),
        new(10, "scan totals per serial; the scan index covers what the clone rules read", """
            -- What a scan answer shows of an item's whole log (how many scans, the first), kept by the scan writer in
            -- the same write as the scans, so an answer reads one row instead of counting a log that only grows
            -- (docs/verification.md, "Scan log"). Backfilled from the log.
            CREATE TABLE scan_totals (
                serial   TEXT    NOT NULL PRIMARY KEY,
                count    INTEGER NOT NULL CHECK (count > 0),
                first_at TEXT    NOT NULL
            ) WITHOUT ROWID;
            INSERT INTO scan_totals (serial, count, first_at) SELECT serial, count(*), min(at) FROM scans GROUP BY serial;
            -- The newest scans of a serial are read from the index alone (no table lookup per scan).
            DROP INDEX scans_serial;
            CREATE INDEX scans_serial ON scans(serial, at, scanner_hash, lat, lon, place);
            """),
        new(11, "shared rate limits", """
            -- Per-client rate limits shared by every instance of a PostgreSQL deployment (issue 9, docs/auth.md "Rate
            -- limits across instances"). Created here only so both engines keep the same versions and tables: an
            -- embedded SQLite service is one process and limits in memory, so this table stays empty on SQLite.
            -- Times are Unix seconds of the database server's clock; a row past `expires` acts as no row.
            CREATE TABLE rate_limits (
                key     TEXT NOT NULL PRIMARY KEY,
                amount  REAL NOT NULL,
                at      REAL NOT NULL,
                expires REAL NOT NULL
            );
            CREATE INDEX rate_limits_expires ON rate_limits(expires);
            """),
        new(12, "each scanned code's newest scans in its scan_totals row; the scan log is only appended to", """
            -- A scan answer reads one row per code for its totals and newest scans (Items.ScanHistory: a JSON array,
            -- newest first, of [at, scanner_hash, lat, lon, place]), and logging a scan changes that one row (one
            -- random page) instead of a row and an entry of the (serial, at) index: with a million codes scanned at
            -- random, those pages are what the writer read, wrote and checkpointed (docs/verification.md, "Scan log").
            -- The table scans stays the full record, appended to and read by nothing on the hot path, so its index
            -- goes. Backfilled with the newest 200 (the default history limit; a larger limit fills as codes are scanned).
            ALTER TABLE scan_totals ADD COLUMN recent TEXT NOT NULL DEFAULT '[]';
            UPDATE scan_totals SET recent = (
                SELECT json_group_array(json_array(at, scanner_hash, lat, lon, place) ORDER BY at DESC)
                FROM (SELECT at, scanner_hash, lat, lon, place FROM scans s WHERE s.serial = scan_totals.serial ORDER BY at DESC LIMIT 200) newest);
            DROP INDEX scans_serial;
            """),
        new(13, "the scan totals count the log up to a mark, so SQLite counts scans in rarer, larger writes", """
            -- SQLite's scan writer logs scans as they come and counts them in scan_totals every few seconds (a code's
            -- row is a random page: rewritten once for all its scans since the last count instead of once per flush).
            -- scan_totals holds exactly the log up to this id; what a crash leaves after it is counted at the next start.
            CREATE TABLE scan_totals_through (
                id INTEGER NOT NULL CHECK (id >= 0)
            );
            INSERT INTO scan_totals_through (id) SELECT coalesce(max(id), 0) FROM scans;
            """),
    ];
}
