namespace EcoValue.Data.Migrations;

/// <summary>
/// PostgreSQL spelling of <see cref="EvidenceSchema"/> (migration 6; types mapped as <see cref="PostgresSchema"/> says).
/// Evidence documents (issue 5): what a producer has on file for brand standards' <c>evidence_required</c> criteria
/// (business licence, environment report, input log, a batch's compliance certificate …) and, on a carbon-footprint
/// report, the declared carbon intensity that <c>carbon_intensity</c> criteria judge. A registry projection like the
/// others: each row names its newest record; the file's hash is private (a salted digest in the record).
/// </summary>
internal static class PostgresEvidenceSchema
{
    public const string Sql = """
        CREATE TABLE evidence_documents (
            id                    TEXT    PRIMARY KEY,
            producer_id           TEXT    NOT NULL REFERENCES producers(id),
            -- a batch's own document (a compliance certificate); NULL for producer-wide ones
            batch_id              TEXT    NULL REFERENCES batches(id),
            record_id             TEXT    NOT NULL REFERENCES records(id) DEFERRABLE INITIALLY DEFERRED,
            version               BIGINT  NOT NULL CHECK (version >= 1),
            -- the slug standards ask for (certification-rules/README.md, evidence_required)
            kind                  TEXT    NOT NULL,
            title                 TEXT    NOT NULL,
            issued_on             TEXT    NULL,
            valid_until           TEXT    NULL,
            file_hash             TEXT    NULL,
            -- a carbon-footprint report's declaration: kg CO2e per kg of one category
            carbon_category       TEXT    NULL,
            carbon_kg_co2e_per_kg DOUBLE PRECISION NULL CHECK (carbon_kg_co2e_per_kg IS NULL OR carbon_kg_co2e_per_kg >= 0),
            carbon_basis          TEXT    NULL,
            created_at            TEXT    NOT NULL,
            updated_at            TEXT    NOT NULL,
            CHECK ((carbon_category IS NULL) = (carbon_kg_co2e_per_kg IS NULL))
        );
        CREATE INDEX evidence_documents_producer ON evidence_documents(producer_id, id);
        CREATE INDEX evidence_documents_batch ON evidence_documents(batch_id) WHERE batch_id IS NOT NULL;
        CREATE INDEX evidence_documents_record ON evidence_documents(record_id);
        """;
}
