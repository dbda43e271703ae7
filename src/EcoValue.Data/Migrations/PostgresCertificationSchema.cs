namespace EcoValue.Data.Migrations;

/// <summary>
/// PostgreSQL spelling of <see cref="CertificationSchema"/> (migration 5; types mapped as <see cref="PostgresSchema"/> says).
/// Certification (issue 5, docs/certification-workflow.md): brands and the standard each is judged by, certifiers'
/// accreditations and their keys, producers' applications, licences with their status history and quota, batches'
/// brand claims, and the outbox of chain operations the relayer sends to LicenceRegistry.
/// Like the registry, rows are projections of records (<c>record_id</c>, <c>version</c>); every decision is a record.
/// </summary>
internal static class PostgresCertificationSchema
{
    public const string Sql = """
        -- A brand and the standard its licences are judged by now (certification-rules/{standard_id}.yaml, by hash).
        CREATE TABLE brands (
            id               TEXT    PRIMARY KEY,
            record_id        TEXT    NOT NULL REFERENCES records(id) DEFERRABLE INITIALLY DEFERRED,
            version          BIGINT  NOT NULL CHECK (version >= 1),
            name_zh          TEXT    NOT NULL,
            name_en          TEXT    NOT NULL,
            standard_id      TEXT    NOT NULL,
            standard_version TEXT    NOT NULL,
            -- 0x-prefixed keccak256 of the standard's canonical JSON; what LicenceRegistry holds for the brand
            standard_hash    TEXT    NOT NULL CHECK (length(standard_hash) = 66),
            -- bytes32 brand id on chain (0x-hex)
            chain_id_hash    TEXT    NOT NULL UNIQUE CHECK (length(chain_id_hash) = 66),
            metadata_uri     TEXT    NOT NULL,
            created_at       TEXT    NOT NULL,
            updated_at       TEXT    NOT NULL
        );
        CREATE INDEX brands_record ON brands(record_id);

        -- A certifier's signing key, sealed (AES-256-GCM under the master key, the user id as associated data).
        CREATE TABLE certifier_keys (
            user_id    TEXT PRIMARY KEY REFERENCES users(id),
            address    TEXT NOT NULL UNIQUE,
            sealed_key TEXT NOT NULL,
            created_at TEXT NOT NULL
        );

        -- Which certifier may decide for which brand. Withdrawn accreditations stay (history); status says.
        CREATE TABLE accreditations (
            brand_id     TEXT NOT NULL REFERENCES brands(id),
            user_id      TEXT NOT NULL REFERENCES users(id),
            address      TEXT NOT NULL,
            status       TEXT NOT NULL CHECK (status IN ('active', 'withdrawn')),
            record_id    TEXT NOT NULL REFERENCES records(id) DEFERRABLE INITIALLY DEFERRED,
            version      BIGINT  NOT NULL CHECK (version >= 1),
            created_at   TEXT NOT NULL,
            updated_at   TEXT NOT NULL,
            PRIMARY KEY (brand_id, user_id)
        );
        CREATE INDEX accreditations_user ON accreditations(user_id, status);
        CREATE INDEX accreditations_record ON accreditations(record_id);

        -- A producer asks for a brand over a scope (plots, categories); a certifier approves or rejects it.
        CREATE TABLE applications (
            id              TEXT    PRIMARY KEY,
            producer_id     TEXT    NOT NULL REFERENCES producers(id),
            brand_id        TEXT    NOT NULL REFERENCES brands(id),
            record_id       TEXT    NOT NULL REFERENCES records(id) DEFERRABLE INITIALLY DEFERRED,
            version         BIGINT  NOT NULL CHECK (version >= 1),
            -- JSON arrays of plot ids and category slugs
            plots           TEXT    NOT NULL,
            categories      TEXT    NOT NULL,
            notes           TEXT    NULL,
            status          TEXT    NOT NULL CHECK (status IN ('submitted', 'approved', 'rejected')),
            -- the evaluation report the decision was taken on (JSON), and the decision
            evaluation      TEXT    NULL,
            decision_notes  TEXT    NULL,
            decided_by      TEXT    NULL REFERENCES users(id),
            decided_at      TEXT    NULL,
            licence_id      TEXT    NULL,
            created_at      TEXT    NOT NULL,
            updated_at      TEXT    NOT NULL
        );
        CREATE INDEX applications_producer ON applications(producer_id, id);
        CREATE INDEX applications_brand ON applications(brand_id, status, id);
        CREATE INDEX applications_record ON applications(record_id);

        -- An issued licence: the credential (W3C VC 2.0 shape, EIP-712 proof by the certifier) exactly as hashed.
        CREATE TABLE licences (
            id                TEXT    PRIMARY KEY,
            -- bytes32 licence id on chain (0x-hex)
            chain_id_hash     TEXT    NOT NULL UNIQUE CHECK (length(chain_id_hash) = 66),
            application_id    TEXT    NOT NULL UNIQUE REFERENCES applications(id),
            producer_id       TEXT    NOT NULL REFERENCES producers(id),
            brand_id          TEXT    NOT NULL REFERENCES brands(id),
            certifier_user_id TEXT    NOT NULL REFERENCES users(id),
            certifier_address TEXT    NOT NULL,
            standard_hash     TEXT    NOT NULL,
            valid_from        TEXT    NOT NULL,
            valid_until       TEXT    NOT NULL,
            document          TEXT    NOT NULL,
            document_hash     TEXT    NOT NULL CHECK (length(document_hash) = 66),
            status            TEXT    NOT NULL CHECK (status IN ('active', 'suspended', 'revoked')),
            record_id         TEXT    NOT NULL REFERENCES records(id) DEFERRABLE INITIALLY DEFERRED,
            version           BIGINT  NOT NULL CHECK (version >= 1),
            created_at        TEXT    NOT NULL,
            updated_at        TEXT    NOT NULL,
            CHECK (valid_from < valid_until)
        );
        CREATE INDEX licences_producer ON licences(producer_id, brand_id, id);
        CREATE INDEX licences_brand ON licences(brand_id, status, id);
        CREATE INDEX licences_record ON licences(record_id);

        -- Every status change, in order: eligibility on a harvest date reads this history (a batch harvested while
        -- the licence was suspended may not carry the brand, even after reinstatement).
        CREATE TABLE licence_events (
            seq        BIGINT  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            licence_id TEXT    NOT NULL REFERENCES licences(id),
            action     TEXT    NOT NULL CHECK (action IN ('issue', 'suspend', 'reinstate', 'revoke')),
            status     TEXT    NOT NULL CHECK (status IN ('active', 'suspended', 'revoked')),
            reason     TEXT    NULL,
            user_id    TEXT    NOT NULL REFERENCES users(id),
            at         TEXT    NOT NULL,
            record_id  TEXT    NOT NULL REFERENCES records(id) DEFERRABLE INITIALLY DEFERRED
        );
        CREATE INDEX licence_events_licence ON licence_events(licence_id, seq);
        CREATE INDEX licence_events_record ON licence_events(record_id);

        -- Certified quantity per category and season (plot area x the standard's yield cap), fixed at issuance.
        CREATE TABLE licence_quota (
            licence_id  TEXT NOT NULL REFERENCES licences(id),
            category    TEXT NOT NULL,
            season      TEXT NOT NULL,
            quantity_kg DOUBLE PRECISION NOT NULL CHECK (quantity_kg >= 0),
            PRIMARY KEY (licence_id, category, season)
        );

        -- A batch carrying a brand under a licence; the sum per licence, category and season stays within quota.
        CREATE TABLE brand_claims (
            batch_id    TEXT PRIMARY KEY REFERENCES batches(id),
            licence_id  TEXT NOT NULL REFERENCES licences(id),
            brand_id    TEXT NOT NULL REFERENCES brands(id),
            category    TEXT NOT NULL,
            season      TEXT NOT NULL,
            quantity_kg DOUBLE PRECISION NOT NULL CHECK (quantity_kg > 0),
            record_id   TEXT NOT NULL REFERENCES records(id) DEFERRABLE INITIALLY DEFERRED,
            created_at  TEXT NOT NULL
        );
        CREATE INDEX brand_claims_licence ON brand_claims(licence_id, category, season);
        CREATE INDEX brand_claims_record ON brand_claims(record_id);

        -- Chain operations on LicenceRegistry, written in the same transaction as the decision and sent afterwards by
        -- the relayer, oldest first (a certifier's EIP-712 nonces must reach the chain in order). status:
        -- pending -> sent -> confirmed, or failed (reverted or expired; the error says why, an operator decides).
        CREATE TABLE chain_operations (
            id          BIGINT  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            kind        TEXT    NOT NULL CHECK (kind IN ('register-brand', 'update-standard', 'accredit', 'withdraw', 'issue-licence', 'change-status')),
            subject     TEXT    NOT NULL,
            -- the call's arguments as JSON (for licence decisions: the signed EIP-712 message and the signature)
            payload     TEXT    NOT NULL,
            status      TEXT    NOT NULL CHECK (status IN ('pending', 'sent', 'confirmed', 'failed')),
            tx_hash     TEXT    NULL,
            block_number BIGINT  NULL,
            error       TEXT    NULL,
            attempts    BIGINT  NOT NULL DEFAULT 0,
            created_at  TEXT    NOT NULL,
            updated_at  TEXT    NOT NULL
        );
        CREATE INDEX chain_operations_open ON chain_operations(status, id) WHERE status IN ('pending', 'sent');
        CREATE INDEX chain_operations_subject ON chain_operations(subject, id);
        """;
}
