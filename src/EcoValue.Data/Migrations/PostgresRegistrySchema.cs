namespace EcoValue.Data.Migrations;

/// <summary>
/// PostgreSQL spelling of <see cref="RegistrySchema"/> (migration 3; types mapped as <see cref="PostgresSchema"/> says).
/// The registry's tables (producers, plots, batches, field events, lab results). They are projections: the truth is
/// the append-only record log, and each row names the newest record about it (<c>record_id</c>) and how many records
/// it has had (<c>version</c>). A correction appends a record that supersedes the previous one and moves the row to
/// it in the same transaction; the history stays in <c>records</c> under the row's subject.
/// Private fields (contacts, exact coordinates, report file hashes) live here in clear for their owners, and in the
/// records only as salted digests (DESIGN.md "Records, hashing and anchoring").
/// </summary>
internal static class PostgresRegistrySchema
{
    // record_id references are checked at commit (DEFERRABLE INITIALLY DEFERRED): a write inserts the row and appends
    // its record in one transaction, in whichever order is convenient.
    public const string Sql = """
        CREATE TABLE producers (
            id            TEXT    PRIMARY KEY,
            record_id     TEXT    NOT NULL REFERENCES records(id) DEFERRABLE INITIALLY DEFERRED,
            version       BIGINT  NOT NULL CHECK (version >= 1),
            name          TEXT    NOT NULL,
            credit_code   TEXT    NOT NULL UNIQUE,
            region_code   TEXT    NOT NULL,
            contact_name  TEXT    NULL,
            contact_phone TEXT    NULL,
            contact_email TEXT    NULL,
            -- pending until an admin approves: nothing it registers may carry a brand before (issue 5 checks this).
            status        TEXT    NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
            created_at    TEXT    NOT NULL,
            updated_at    TEXT    NOT NULL
        );
        CREATE INDEX producers_region ON producers(region_code, id);
        CREATE INDEX producers_status ON producers(status, id);

        CREATE TABLE plots (
            id            TEXT    PRIMARY KEY,
            producer_id   TEXT    NOT NULL REFERENCES producers(id),
            record_id     TEXT    NOT NULL REFERENCES records(id) DEFERRABLE INITIALLY DEFERRED,
            version       BIGINT  NOT NULL CHECK (version >= 1),
            name          TEXT    NOT NULL,
            region_code   TEXT    NOT NULL,
            area_mu       DOUBLE PRECISION NOT NULL CHECK (area_mu > 0),
            latitude      DOUBLE PRECISION NULL,
            longitude     DOUBLE PRECISION NULL,
            polygon       TEXT    NULL,
            created_at    TEXT    NOT NULL,
            updated_at    TEXT    NOT NULL
        );
        CREATE INDEX plots_producer ON plots(producer_id, id);

        CREATE TABLE batches (
            id            TEXT    PRIMARY KEY,
            producer_id   TEXT    NOT NULL REFERENCES producers(id),
            plot_id       TEXT    NOT NULL REFERENCES plots(id),
            record_id     TEXT    NOT NULL REFERENCES records(id) DEFERRABLE INITIALLY DEFERRED,
            version       BIGINT  NOT NULL CHECK (version >= 1),
            product       TEXT    NOT NULL,
            category      TEXT    NOT NULL,
            gtin          TEXT    NOT NULL CHECK (length(gtin) = 14),
            lot           TEXT    NOT NULL,
            harvest_date  TEXT    NOT NULL,
            quantity      DOUBLE PRECISION NOT NULL CHECK (quantity > 0),
            unit          TEXT    NOT NULL,
            created_at    TEXT    NOT NULL,
            updated_at    TEXT    NOT NULL,
            -- A Digital Link names a batch by GTIN and lot: the pair must be unique.
            UNIQUE (gtin, lot)
        );
        CREATE INDEX batches_producer ON batches(producer_id, id);
        CREATE INDEX batches_plot ON batches(plot_id, id);
        CREATE INDEX batches_category ON batches(category, id);

        CREATE TABLE field_events (
            id             TEXT    PRIMARY KEY,
            batch_id       TEXT    NOT NULL REFERENCES batches(id),
            producer_id    TEXT    NOT NULL REFERENCES producers(id),
            record_id      TEXT    NOT NULL REFERENCES records(id) DEFERRABLE INITIALLY DEFERRED,
            version        BIGINT  NOT NULL CHECK (version >= 1),
            kind           TEXT    NOT NULL,
            occurred_at    TEXT    NOT NULL,
            -- the offset the event was captured with (EPCIS eventTimeZoneOffset), e.g. +08:00
            time_zone      TEXT    NOT NULL,
            place          TEXT    NULL,
            region_code    TEXT    NULL,
            actor_name     TEXT    NULL,
            -- the kind-specific part as JSON (input applied: product, ingredient, dose; EPCIS: the captured event)
            details        TEXT    NOT NULL,
            source         TEXT    NOT NULL CHECK (source IN ('api', 'epcis')),
            epcis_event_id TEXT    NULL,
            created_at     TEXT    NOT NULL,
            updated_at     TEXT    NOT NULL
        );
        CREATE INDEX field_events_batch ON field_events(batch_id, occurred_at, id);
        CREATE INDEX field_events_producer ON field_events(producer_id, id);
        -- An EPCIS event naming several batches becomes one field event per batch; capturing it twice is a conflict.
        CREATE UNIQUE INDEX field_events_epcis ON field_events(epcis_event_id, batch_id) WHERE epcis_event_id IS NOT NULL;

        CREATE TABLE lab_results (
            id               TEXT    PRIMARY KEY,
            batch_id         TEXT    NOT NULL REFERENCES batches(id),
            producer_id      TEXT    NOT NULL REFERENCES producers(id),
            record_id        TEXT    NOT NULL REFERENCES records(id) DEFERRABLE INITIALLY DEFERRED,
            version          BIGINT  NOT NULL CHECK (version >= 1),
            lab              TEXT    NOT NULL,
            report_number    TEXT    NOT NULL,
            sample_date      TEXT    NOT NULL,
            -- [{name, value, unit, limit?, method?}] as JSON
            analytes         TEXT    NOT NULL,
            report_file_hash TEXT    NULL,
            created_at       TEXT    NOT NULL,
            updated_at       TEXT    NOT NULL
        );
        CREATE INDEX lab_results_batch ON lab_results(batch_id, sample_date, id);

        -- Child-key indexes for the deferred record_id references, as on SQLite (where appending a record looks up the
        -- rows waiting for it). PostgreSQL checks a deferred reference from the child row (records.id is unique), so
        -- here they serve lookups by record ("which row does this record project") and keep the two schemas alike.
        CREATE INDEX producers_record ON producers(record_id);
        CREATE INDEX plots_record ON plots(record_id);
        CREATE INDEX batches_record ON batches(record_id);
        CREATE INDEX field_events_record ON field_events(record_id);
        CREATE INDEX lab_results_record ON lab_results(record_id);
        """;
}
