namespace EcoValue.Data.Migrations;

/// <summary>
/// Item codes and what scanning them leaves behind (issue 6, docs/verification.md): issuances (one per
/// <c>item-issuance</c> record, up to 10,000 serials whose Merkle root the record names), the items themselves,
/// recalls of batches, and the scan log the clone rules read. Items are never deleted: withdrawal and recall are
/// records, and the rows only point at them.
/// </summary>
internal static class ItemsSchema
{
    public const string Sql = """
        -- One issuance chunk: its record names the batch, the count, the quantity per item and the root of the serial
        -- tree (0x-hex; ItemSerial.BuildTree). first_position is where its items start in the batch's issue order, so
        -- its serials in leaf order are one range of items_batch.
        CREATE TABLE item_issuances (
            record_id      TEXT    PRIMARY KEY REFERENCES records(id) DEFERRABLE INITIALLY DEFERRED,
            batch_id       TEXT    NOT NULL REFERENCES batches(id),
            count          INTEGER NOT NULL CHECK (count BETWEEN 1 AND 10000),
            item_quantity  REAL    NOT NULL CHECK (item_quantity > 0),
            first_position INTEGER NOT NULL CHECK (first_position >= 0),
            serials_root   TEXT    NOT NULL CHECK (length(serials_root) = 66),
            created_at     TEXT    NOT NULL
        );
        CREATE INDEX item_issuances_batch ON item_issuances(batch_id, first_position);

        -- One row per issued serial (GS1 AI 21). WITHOUT ROWID: the serial is the key every scan looks up, so the row
        -- lives in that b-tree and a scan costs one lookup. position = the item's place in its batch's issue order
        -- (first_position + leaf_index), the keyset of the batch's item list.
        CREATE TABLE items (
            serial              TEXT    NOT NULL PRIMARY KEY,
            batch_id            TEXT    NOT NULL REFERENCES batches(id),
            issuance_record_id  TEXT    NOT NULL REFERENCES item_issuances(record_id),
            leaf_index          INTEGER NOT NULL CHECK (leaf_index >= 0),
            position            INTEGER NOT NULL CHECK (position >= 0),
            created_at          TEXT    NOT NULL,
            withdrawn_record_id TEXT    NULL REFERENCES records(id) DEFERRABLE INITIALLY DEFERRED,
            withdrawn_reason    TEXT    NULL,
            CHECK ((withdrawn_record_id IS NULL) = (withdrawn_reason IS NULL))
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX items_batch ON items(batch_id, position);
        -- Child-key index of the deferred reference (see RegistrySchema): partial, as almost no item is withdrawn.
        CREATE INDEX items_withdrawn ON items(withdrawn_record_id) WHERE withdrawn_record_id IS NOT NULL;

        -- A batch recalled by the brand operator, with the reason consumers are shown; at most one active per batch.
        -- Lifting a recall is a record too; the row keeps both.
        CREATE TABLE recalls (
            id               INTEGER PRIMARY KEY AUTOINCREMENT,
            batch_id         TEXT    NOT NULL REFERENCES batches(id),
            reason           TEXT    NOT NULL,
            record_id        TEXT    NOT NULL REFERENCES records(id) DEFERRABLE INITIALLY DEFERRED,
            created_at       TEXT    NOT NULL,
            lifted_record_id TEXT    NULL REFERENCES records(id) DEFERRABLE INITIALLY DEFERRED,
            lifted_reason    TEXT    NULL,
            lifted_at        TEXT    NULL
        );
        CREATE UNIQUE INDEX recalls_active ON recalls(batch_id) WHERE lifted_record_id IS NULL;
        CREATE INDEX recalls_record ON recalls(record_id);
        CREATE INDEX recalls_lifted ON recalls(lifted_record_id) WHERE lifted_record_id IS NOT NULL;

        -- Every consumer scan of an item: when, a keyed hash of the network address (never the address), and a coarse
        -- location when a trusted proxy gave one (0.1 degree). Not records: private, high-volume, never anchored.
        CREATE TABLE scans (
            id           INTEGER PRIMARY KEY,
            serial       TEXT    NOT NULL,
            at           TEXT    NOT NULL,
            scanner_hash TEXT    NOT NULL,
            lat          REAL    NULL,
            lon          REAL    NULL,
            place        TEXT    NULL
        );
        CREATE INDEX scans_serial ON scans(serial, at);
        """;
}
