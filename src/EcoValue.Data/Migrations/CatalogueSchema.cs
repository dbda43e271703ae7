namespace EcoValue.Data.Migrations;

/// <summary>
/// The public catalogue's full-text index (issue 7, docs/catalogue.md): one FTS5 row per producer that holds a
/// licence, under the stable docid <c>catalogue_docs</c> gives it (a producers rowid could change on VACUUM), over its name, region, brands and claimed products. The
/// <c>trigram</c> tokenizer indexes every three characters, so Chinese (which has no spaces between words) and English
/// (case-insensitively) are found by substring. Triggers rebuild a producer's row in the same transaction as any
/// write that changes what it says, so the index can never lag behind the tables; the migration fills it for data
/// that already exists.
/// </summary>
internal static class CatalogueSchema
{
    // What a producer's row says: its name, region code, the brands it is licensed for (zh and en) and the products
    // and categories of its claimed batches. Contacts and coordinates are never in it (the catalogue is public).
    private static string Body(string producerId) => $"""
        (SELECT p.name || ' ' || p.region_code
            || coalesce((SELECT ' ' || group_concat(x, ' ') FROM (
                   SELECT DISTINCT b.name_zh || ' ' || b.name_en AS x FROM licences l JOIN brands b ON b.id = l.brand_id WHERE l.producer_id = p.id)), '')
            || coalesce((SELECT ' ' || group_concat(x, ' ') FROM (
                   SELECT DISTINCT ba.product || ' ' || ba.category AS x FROM brand_claims c JOIN batches ba ON ba.id = c.batch_id WHERE ba.producer_id = p.id)), '')
         FROM producers p WHERE p.id = {producerId})
        """;

    // Deletes the producer's row and writes it again when the producer holds a licence (else it stays out).
    private static string Refresh(string producerId) => $"""
        INSERT OR IGNORE INTO catalogue_docs (producer_id)
            SELECT p.id FROM producers p WHERE p.id = {producerId} AND EXISTS (SELECT 1 FROM licences l WHERE l.producer_id = p.id);
            DELETE FROM catalogue_fts WHERE rowid = (SELECT docid FROM catalogue_docs WHERE producer_id = {producerId});
            INSERT INTO catalogue_fts (rowid, body)
            SELECT d.docid, {Body("d.producer_id")} FROM catalogue_docs d WHERE d.producer_id = {producerId};
        """;

    private static string Trigger(string name, string when, string producerId) => $"""
        CREATE TRIGGER {name} AFTER {when}
        BEGIN
            {Refresh(producerId)}
        END;

        """;

    public static readonly string Sql = $"""
        -- Producers in the catalogue (they hold or held a licence; licences are never deleted) and their FTS rowid.
        CREATE TABLE catalogue_docs (
            docid       INTEGER PRIMARY KEY,
            producer_id TEXT    NOT NULL UNIQUE REFERENCES producers(id)
        );
        CREATE VIRTUAL TABLE catalogue_fts USING fts5(body, tokenize = 'trigram');

        {Trigger("catalogue_producer_update", "UPDATE OF name, region_code ON producers", "NEW.id")}
        {Trigger("catalogue_licence_insert", "INSERT ON licences", "NEW.producer_id")}
        {Trigger("catalogue_batch_update", "UPDATE OF product, category ON batches", "NEW.producer_id")}
        {Trigger("catalogue_claim_insert", "INSERT ON brand_claims", "(SELECT producer_id FROM batches WHERE id = NEW.batch_id)")}
        {Trigger("catalogue_claim_delete", "DELETE ON brand_claims", "(SELECT producer_id FROM batches WHERE id = OLD.batch_id)")}
        CREATE TRIGGER catalogue_brand_update AFTER UPDATE OF name_zh, name_en ON brands
        BEGIN
            DELETE FROM catalogue_fts WHERE rowid IN (SELECT d.docid FROM catalogue_docs d WHERE EXISTS (SELECT 1 FROM licences l WHERE l.producer_id = d.producer_id AND l.brand_id = NEW.id));
            INSERT INTO catalogue_fts (rowid, body)
            SELECT d.docid, {Body("d.producer_id")} FROM catalogue_docs d WHERE EXISTS (SELECT 1 FROM licences l WHERE l.producer_id = d.producer_id AND l.brand_id = NEW.id);
        END;

        -- Existing data: every producer that already holds a licence.
        INSERT INTO catalogue_docs (producer_id)
        SELECT p.id FROM producers p WHERE EXISTS (SELECT 1 FROM licences l WHERE l.producer_id = p.id) ORDER BY p.id;
        INSERT INTO catalogue_fts (rowid, body)
        SELECT d.docid, {Body("d.producer_id")} FROM catalogue_docs d;
        """;
}
