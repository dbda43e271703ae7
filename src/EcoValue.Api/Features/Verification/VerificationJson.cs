using System.Text.Json;
using System.Text.Json.Serialization;

namespace EcoValue.Api.Features.Verification;

/// <summary>
/// Writes a <see cref="VerificationView"/> field by field: the bytes <see cref="JsonSerializer"/> writes for it with
/// camelCase names (the HTTP answers' and the consumer page's options), without the serializer's per-object metadata
/// walk, which was most of an answer's JSON cost (docs/peers.md, "Sixth round"). The record proofs still come from
/// <see cref="SerializedOnceListConverter"/>'s bytes. Options it was not written for (other naming, indentation,
/// ignored nulls, converters of their own) get the serializer itself. <c>VerificationJsonTests</c> compares both on
/// views that fill every field, so a field added to a view and not here fails there.
/// </summary>
internal static class VerificationJson
{
    private static readonly SerializedOnceListConverter Proofs = new();

    // Each status as StatusNameConverter spells it (GENUINE, …), encoded once.
    private static readonly JsonSerializerOptions StatusOptions = new() { Converters = { new StatusNameConverter() } };
    private static readonly Dictionary<Domain.Verification.VerificationStatus, JsonEncodedText> StatusNames =
        Enum.GetValues<Domain.Verification.VerificationStatus>().ToDictionary(s => s, s => JsonEncodedText.Encode(
            JsonSerializer.Deserialize<string>(JsonSerializer.Serialize(s, StatusOptions))!));

    /// <summary>Writes <paramref name="view"/> to <paramref name="writer"/> as <see cref="JsonSerializer"/> would with <paramref name="options"/>.</summary>
    public static void Write(Utf8JsonWriter writer, VerificationView view, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(options);
        if (!Handles(options))
        {
            JsonSerializer.Serialize(writer, view, options);
            return;
        }

        writer.WriteStartObject();
        writer.WriteString(N.Link, view.Link);
        writer.WriteString(N.Status, StatusNames[view.Status]);
        Bilingual(writer, N.Headline, view.Headline);
        writer.WriteStartArray(N.Reasons);
        foreach (var r in view.Reasons)
        {
            writer.WriteStartObject();
            writer.WriteString(N.Code, r.Code);
            writer.WriteString(N.Status, r.Status);
            writer.WriteString(N.En, r.En);
            writer.WriteString(N.Zh, r.Zh);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        Bilingual(writer, N.Advice, view.Advice);
        writer.WriteString(N.CheckedAt, view.CheckedAt);
        Item(writer, view.Item);
        Batch(writer, view.Batch);
        Producer(writer, view.Producer);
        writer.WriteStartArray(N.Journey);
        foreach (var step in view.Journey)
        {
            writer.WriteStartObject();
            writer.WriteString(N.Kind, step.Kind);
            writer.WriteString(N.OccurredAt, step.OccurredAt);
            writer.WriteString(N.Place, step.Place);
            Region(writer, N.Region, step.Region);
            writer.WriteString(N.RecordId, step.RecordId);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray(N.LabResults);
        foreach (var lab in view.LabResults)
        {
            LabResult(writer, lab);
        }

        writer.WriteEndArray();
        Licence(writer, view.Licence);
        Recall(writer, view.Recall);
        writer.WritePropertyName(N.Proofs);
        Proofs.Write(writer, view.Proofs, options);
        ItemProof(writer, view.ItemProof);
        Chain(writer, view.Chain);
        writer.WriteEndObject();
    }

    // This thread's writers, one per options instance (the HTTP answers' and the consumer page's): a writer carries its
    // encoder, and rebuilding one per answer was needless garbage on the hot path.
    [ThreadStatic]
    private static Dictionary<JsonSerializerOptions, Utf8JsonWriter>? _writers;

    /// <summary>
    /// Writes <paramref name="view"/> into <paramref name="output"/> with this thread's reused writer for
    /// <paramref name="options"/> (its encoder and indentation). Synchronous, so the thread's writer is never shared.
    /// </summary>
    internal static void WriteTo(PooledBuffer output, VerificationView view, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        var writers = _writers ??= new Dictionary<JsonSerializerOptions, Utf8JsonWriter>(ReferenceEqualityComparer.Instance);
        if (writers.TryGetValue(options, out var writer))
        {
            writer.Reset(output);
        }
        else
        {
            if (writers.Count >= 4)
            {
                // A service has two; more come only from many hosts in one process (tests): keep none of theirs alive.
                writers.Clear();
            }

            writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = options.Encoder, Indented = options.WriteIndented, SkipValidation = true });
            writers[options] = writer;
        }

        try
        {
            Write(writer, view, options);
            writer.Flush();
        }
        finally
        {
            // The writer must not keep the caller's buffer, which goes back to the pool.
            writer.Reset(Stream.Null);
        }
    }

    /// <summary>The options whose output the hand-written path reproduces: the web defaults' shape, any encoder.</summary>
    internal static bool Handles(JsonSerializerOptions options) =>
        options.PropertyNamingPolicy == JsonNamingPolicy.CamelCase
        && !options.WriteIndented
        && options.DefaultIgnoreCondition == JsonIgnoreCondition.Never
        && !options.IgnoreReadOnlyProperties
        && options.ReferenceHandler is null
        && options.NumberHandling is JsonNumberHandling.Strict or JsonNumberHandling.AllowReadingFromString
        && options.Converters.Count == 0;

    private static void Bilingual(Utf8JsonWriter writer, JsonEncodedText name, Bilingual text)
    {
        writer.WriteStartObject(name);
        writer.WriteString(N.En, text.En);
        writer.WriteString(N.Zh, text.Zh);
        writer.WriteEndObject();
    }

    private static void Item(Utf8JsonWriter writer, ItemView? item)
    {
        if (item is null)
        {
            writer.WriteNull(N.Item);
            return;
        }

        writer.WriteStartObject(N.Item);
        writer.WriteString(N.Serial, item.Serial);
        writer.WriteString(N.ShortCode, item.ShortCode);
        writer.WriteString(N.IssuedAt, item.IssuedAt);
        writer.WriteString(N.FirstScanAt, item.FirstScanAt);
        writer.WriteNumber(N.ScanCount, item.ScanCount);
        writer.WriteBoolean(N.Withdrawn, item.Withdrawn);
        writer.WriteString(N.WithdrawnReason, item.WithdrawnReason);
        writer.WriteEndObject();
    }

    private static void Batch(Utf8JsonWriter writer, BatchView? batch)
    {
        if (batch is null)
        {
            writer.WriteNull(N.Batch);
            return;
        }

        writer.WriteStartObject(N.Batch);
        writer.WriteString(N.Id, batch.Id);
        writer.WriteString(N.Gtin, batch.Gtin);
        writer.WriteString(N.Lot, batch.Lot);
        writer.WriteString(N.Product, batch.Product);
        writer.WriteString(N.Category, batch.Category);
        writer.WriteString(N.HarvestDate, batch.HarvestDate);
        writer.WriteNumber(N.Quantity, batch.Quantity);
        writer.WriteString(N.Unit, batch.Unit);
        writer.WriteEndObject();
    }

    private static void Producer(Utf8JsonWriter writer, ProducerView? producer)
    {
        if (producer is null)
        {
            writer.WriteNull(N.Producer);
            return;
        }

        writer.WriteStartObject(N.Producer);
        writer.WriteString(N.Id, producer.Id);
        writer.WriteString(N.Name, producer.Name);
        Region(writer, N.Region, producer.Region);
        writer.WriteString(N.PlotName, producer.PlotName);
        Region(writer, N.PlotRegion, producer.PlotRegion);
        writer.WriteEndObject();
    }

    private static void Region(Utf8JsonWriter writer, JsonEncodedText name, RegionView? region)
    {
        if (region is null)
        {
            writer.WriteNull(name);
            return;
        }

        writer.WriteStartObject(name);
        writer.WriteString(N.Code, region.Code);
        writer.WriteString(N.Zh, region.Zh);
        writer.WriteString(N.En, region.En);
        writer.WriteEndObject();
    }

    private static void LabResult(Utf8JsonWriter writer, LabResultView lab)
    {
        writer.WriteStartObject();
        writer.WriteString(N.Lab, lab.Lab);
        writer.WriteString(N.SampleDate, lab.SampleDate);
        writer.WriteStartArray(N.Analytes);
        foreach (var a in lab.Analytes)
        {
            writer.WriteStartObject();
            writer.WriteString(N.Name, a.Name);
            writer.WriteNumber(N.Value, a.Value);
            writer.WriteString(N.Unit, a.Unit);
            if (a.Limit is { } limit)
            {
                writer.WriteNumber(N.Limit, limit);
            }
            else
            {
                writer.WriteNull(N.Limit);
            }

            writer.WriteString(N.LimitSource, a.LimitSource);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString(N.RecordId, lab.RecordId);
        writer.WriteEndObject();
    }

    private static void Licence(Utf8JsonWriter writer, LicenceView? licence)
    {
        if (licence is null)
        {
            writer.WriteNull(N.Licence);
            return;
        }

        writer.WriteStartObject(N.Licence);
        writer.WriteString(N.Id, licence.Id);
        writer.WriteStartObject(N.Brand);
        writer.WriteString(N.Id, licence.Brand.Id);
        writer.WriteString(N.NameZh, licence.Brand.NameZh);
        writer.WriteString(N.NameEn, licence.Brand.NameEn);
        writer.WriteEndObject();
        writer.WriteString(N.StandardId, licence.StandardId);
        writer.WriteString(N.StandardVersion, licence.StandardVersion);
        writer.WriteString(N.Status, licence.Status);
        writer.WriteString(N.ValidFrom, licence.ValidFrom);
        writer.WriteString(N.ValidUntil, licence.ValidUntil);
        writer.WriteString(N.Certifier, licence.Certifier);
        writer.WriteString(N.StatusReason, licence.StatusReason);
        writer.WriteString(N.VerifyUrl, licence.VerifyUrl);
        writer.WriteEndObject();
    }

    private static void Recall(Utf8JsonWriter writer, RecallView? recall)
    {
        if (recall is null)
        {
            writer.WriteNull(N.Recall);
            return;
        }

        writer.WriteStartObject(N.Recall);
        writer.WriteString(N.Reason, recall.Reason);
        writer.WriteString(N.At, recall.At);
        writer.WriteString(N.RecordId, recall.RecordId);
        writer.WriteEndObject();
    }

    private static void ItemProof(Utf8JsonWriter writer, ItemProofView? proof)
    {
        if (proof is null)
        {
            writer.WriteNull(N.ItemProof);
            return;
        }

        writer.WriteStartObject(N.ItemProof);
        writer.WriteString(N.Serial, proof.Serial);
        writer.WriteString(N.Value, proof.Value);
        writer.WriteString(N.Leaf, proof.Leaf);
        writer.WriteStartArray(N.Proof);
        foreach (var p in proof.Proof)
        {
            writer.WriteStringValue(p);
        }

        writer.WriteEndArray();
        writer.WriteString(N.SerialsRoot, proof.SerialsRoot);
        writer.WriteString(N.IssuanceRecordId, proof.IssuanceRecordId);
        writer.WriteEndObject();
    }

    private static void Chain(Utf8JsonWriter writer, ChainView? chain)
    {
        if (chain is null)
        {
            writer.WriteNull(N.Chain);
            return;
        }

        writer.WriteStartObject(N.Chain);
        writer.WriteNumber(N.ChainId, chain.ChainId);
        writer.WriteString(N.Contract, chain.Contract);
        writer.WriteString(N.PublicRpcUrl, chain.PublicRpcUrl);
        writer.WriteString(N.ExplorerTxUrl, chain.ExplorerTxUrl);
        writer.WriteEndObject();
    }

    /// <summary>The property names, encoded once (ASCII: every encoder writes them alike).</summary>
    private static class N
    {
        public static readonly JsonEncodedText Link = JsonEncodedText.Encode("link");
        public static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
        public static readonly JsonEncodedText Headline = JsonEncodedText.Encode("headline");
        public static readonly JsonEncodedText Reasons = JsonEncodedText.Encode("reasons");
        public static readonly JsonEncodedText Advice = JsonEncodedText.Encode("advice");
        public static readonly JsonEncodedText CheckedAt = JsonEncodedText.Encode("checkedAt");
        public static readonly JsonEncodedText Item = JsonEncodedText.Encode("item");
        public static readonly JsonEncodedText Batch = JsonEncodedText.Encode("batch");
        public static readonly JsonEncodedText Producer = JsonEncodedText.Encode("producer");
        public static readonly JsonEncodedText Journey = JsonEncodedText.Encode("journey");
        public static readonly JsonEncodedText LabResults = JsonEncodedText.Encode("labResults");
        public static readonly JsonEncodedText Licence = JsonEncodedText.Encode("licence");
        public static readonly JsonEncodedText Recall = JsonEncodedText.Encode("recall");
        public static readonly JsonEncodedText Proofs = JsonEncodedText.Encode("proofs");
        public static readonly JsonEncodedText ItemProof = JsonEncodedText.Encode("itemProof");
        public static readonly JsonEncodedText Chain = JsonEncodedText.Encode("chain");
        public static readonly JsonEncodedText Code = JsonEncodedText.Encode("code");
        public static readonly JsonEncodedText En = JsonEncodedText.Encode("en");
        public static readonly JsonEncodedText Zh = JsonEncodedText.Encode("zh");
        public static readonly JsonEncodedText Serial = JsonEncodedText.Encode("serial");
        public static readonly JsonEncodedText ShortCode = JsonEncodedText.Encode("shortCode");
        public static readonly JsonEncodedText IssuedAt = JsonEncodedText.Encode("issuedAt");
        public static readonly JsonEncodedText FirstScanAt = JsonEncodedText.Encode("firstScanAt");
        public static readonly JsonEncodedText ScanCount = JsonEncodedText.Encode("scanCount");
        public static readonly JsonEncodedText Withdrawn = JsonEncodedText.Encode("withdrawn");
        public static readonly JsonEncodedText WithdrawnReason = JsonEncodedText.Encode("withdrawnReason");
        public static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
        public static readonly JsonEncodedText Gtin = JsonEncodedText.Encode("gtin");
        public static readonly JsonEncodedText Lot = JsonEncodedText.Encode("lot");
        public static readonly JsonEncodedText Product = JsonEncodedText.Encode("product");
        public static readonly JsonEncodedText Category = JsonEncodedText.Encode("category");
        public static readonly JsonEncodedText HarvestDate = JsonEncodedText.Encode("harvestDate");
        public static readonly JsonEncodedText Quantity = JsonEncodedText.Encode("quantity");
        public static readonly JsonEncodedText Unit = JsonEncodedText.Encode("unit");
        public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
        public static readonly JsonEncodedText Region = JsonEncodedText.Encode("region");
        public static readonly JsonEncodedText PlotName = JsonEncodedText.Encode("plotName");
        public static readonly JsonEncodedText PlotRegion = JsonEncodedText.Encode("plotRegion");
        public static readonly JsonEncodedText Kind = JsonEncodedText.Encode("kind");
        public static readonly JsonEncodedText OccurredAt = JsonEncodedText.Encode("occurredAt");
        public static readonly JsonEncodedText Place = JsonEncodedText.Encode("place");
        public static readonly JsonEncodedText RecordId = JsonEncodedText.Encode("recordId");
        public static readonly JsonEncodedText Lab = JsonEncodedText.Encode("lab");
        public static readonly JsonEncodedText SampleDate = JsonEncodedText.Encode("sampleDate");
        public static readonly JsonEncodedText Analytes = JsonEncodedText.Encode("analytes");
        public static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
        public static readonly JsonEncodedText Limit = JsonEncodedText.Encode("limit");
        public static readonly JsonEncodedText LimitSource = JsonEncodedText.Encode("limitSource");
        public static readonly JsonEncodedText Brand = JsonEncodedText.Encode("brand");
        public static readonly JsonEncodedText NameZh = JsonEncodedText.Encode("nameZh");
        public static readonly JsonEncodedText NameEn = JsonEncodedText.Encode("nameEn");
        public static readonly JsonEncodedText StandardId = JsonEncodedText.Encode("standardId");
        public static readonly JsonEncodedText StandardVersion = JsonEncodedText.Encode("standardVersion");
        public static readonly JsonEncodedText ValidFrom = JsonEncodedText.Encode("validFrom");
        public static readonly JsonEncodedText ValidUntil = JsonEncodedText.Encode("validUntil");
        public static readonly JsonEncodedText Certifier = JsonEncodedText.Encode("certifier");
        public static readonly JsonEncodedText StatusReason = JsonEncodedText.Encode("statusReason");
        public static readonly JsonEncodedText VerifyUrl = JsonEncodedText.Encode("verifyUrl");
        public static readonly JsonEncodedText Reason = JsonEncodedText.Encode("reason");
        public static readonly JsonEncodedText At = JsonEncodedText.Encode("at");
        public static readonly JsonEncodedText Proof = JsonEncodedText.Encode("proof");
        public static readonly JsonEncodedText Leaf = JsonEncodedText.Encode("leaf");
        public static readonly JsonEncodedText SerialsRoot = JsonEncodedText.Encode("serialsRoot");
        public static readonly JsonEncodedText IssuanceRecordId = JsonEncodedText.Encode("issuanceRecordId");
        public static readonly JsonEncodedText ChainId = JsonEncodedText.Encode("chainId");
        public static readonly JsonEncodedText Contract = JsonEncodedText.Encode("contract");
        public static readonly JsonEncodedText PublicRpcUrl = JsonEncodedText.Encode("publicRpcUrl");
        public static readonly JsonEncodedText ExplorerTxUrl = JsonEncodedText.Encode("explorerTxUrl");
    }
}
