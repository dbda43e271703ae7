using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using EcoValue.Api.Features.Verification;

namespace EcoValue.Api.Features.Dossier;

/// <summary>A part of the printed dossier: a heading and its blocks, in reading order.</summary>
internal sealed record DossierSection(Bilingual Title, IReadOnlyList<DossierBlock> Blocks);

/// <summary>What a section holds; the HTML and PDF renderers draw each kind their own way.</summary>
internal abstract record DossierBlock;

/// <summary>Label and value pairs; <c>Mono</c> values are identifiers and hashes (drawn fixed-width, broken anywhere).</summary>
internal sealed record FieldsBlock(IReadOnlyList<DossierField> Fields) : DossierBlock;

internal sealed record DossierField(Bilingual Label, string Value, bool Mono = false);

/// <summary>A table; <c>Widths</c> are relative column widths for print.</summary>
internal sealed record TableBlock(IReadOnlyList<Bilingual> Headers, IReadOnlyList<double> Widths, IReadOnlyList<IReadOnlyList<string>> Rows) : DossierBlock;

/// <summary>A sentence in both languages.</summary>
internal sealed record NoteBlock(Bilingual Text) : DossierBlock;

/// <summary>Preformatted text (JSON, hash lists), kept exactly.</summary>
internal sealed record CodeBlock(Bilingual? Caption, string Text) : DossierBlock;

/// <summary>
/// The printable dossier as sections (one outline for the HTML page and the PDF, so both say the same). Values stay
/// plain text here: each renderer escapes or draws them.
/// </summary>
internal static class DossierOutline
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public static IReadOnlyList<DossierSection> Of(BatchDossier d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var sections = new List<DossierSection>
        {
            new(DossierText.Product, [new FieldsBlock(
            [
                new(ConsumerText.Product, d.Batch.Product),
                new(ConsumerText.Category, DossierText.Both(ConsumerText.CategoryName(d.Batch.Category))),
                new(ConsumerText.Gtin, d.Batch.Gtin, Mono: true),
                new(ConsumerText.Lot, d.Batch.Lot),
                new(ConsumerText.Harvested, d.Batch.HarvestDate),
                new(ConsumerText.Quantity, Number(d.Batch.Quantity) + " " + d.Batch.Unit),
                new(DossierText.DigitalLink, d.Batch.DigitalLink, Mono: true),
                new(DossierText.BatchId, d.BatchId, Mono: true),
            ])]),
            new(ConsumerText.Producer,
            [
                new FieldsBlock(
                [
                    new(ConsumerText.ProducerName, d.Producer.Name),
                    new(ConsumerText.Region, DossierText.Region(d.Producer.Region)),
                    new(ConsumerText.Plot, d.Plot?.Name ?? string.Empty),
                    new(DossierText.PlotRegion, DossierText.Region(d.Plot?.Region)),
                ]),
                new NoteBlock(DossierText.PublicOnly),
            ]),
        };

        if (d.Recall is { } recall)
        {
            sections.Add(new(ConsumerText.Recall, [new FieldsBlock([new(DossierText.RecalledAt, recall.At), new(DossierText.RecallReason, recall.Reason), new(DossierText.Record, recall.RecordId, Mono: true)])]));
        }

        sections.Add(Licence(d.Licence));
        if (d.Licence is { } l)
        {
            sections.Add(Evaluation(l.Evaluation));
        }

        sections.Add(new(ConsumerText.Journey, d.Journey.Count == 0
            ? [new NoteBlock(ConsumerText.NoJourney)]
            : [new TableBlock([DossierText.When, DossierText.Step, DossierText.Place, ConsumerText.Region], [2.2, 1.6, 2.6, 2.6],
                [.. d.Journey.Select(j => (IReadOnlyList<string>)[j.OccurredAt, DossierText.Both(ConsumerText.Step(j.Kind)), j.Place ?? string.Empty, DossierText.Region(j.Region)])])]));
        sections.Add(Lab(d.LabResults));
        sections.Add(Proofs(d));
        if (d.Licence?.Credential is { } credential)
        {
            sections.Add(new(DossierText.Credential, [new CodeBlock(null, JsonSerializer.Serialize(credential, Indented))]));
        }

        return sections;
    }

    private static DossierSection Licence(DossierLicence? l)
    {
        if (l is null)
        {
            return new(ConsumerText.Licence, [new NoteBlock(ConsumerText.NoLicence)]);
        }

        var fields = new List<DossierField>
        {
            new(ConsumerText.Brand, DossierText.Both(new(l.Brand.NameEn, l.Brand.NameZh))),
            new(DossierText.LicenceId, l.Id, Mono: true),
            new(ConsumerText.LicenceStatus, DossierText.Both(ConsumerText.LicenceState(l.Status))),
        };
        if (l.StatusReason is { } reason)
        {
            fields.Add(new(ConsumerText.StatusReason, reason));
        }

        fields.Add(new(ConsumerText.ValidFromTo, l.ValidFrom + " – " + l.ValidUntil));
        fields.Add(new(DossierText.CertifierAddress, l.Certifier, Mono: true));
        if (l.Standard.Title is { } title)
        {
            fields.Add(new(ConsumerText.Standard, DossierText.Both(title)));
        }

        fields.Add(new(DossierText.StandardVersion, l.Standard.Id + " " + l.Standard.Version, Mono: true));
        fields.Add(new(DossierText.StandardHash, l.Standard.Hash, Mono: true));
        if (l.CredentialHash is { } hash)
        {
            fields.Add(new(DossierText.CredentialHash, hash, Mono: true));
        }

        fields.Add(new(DossierText.VerifyUrl, l.VerifyUrl, Mono: true));
        return new(ConsumerText.Licence, [new FieldsBlock(fields)]);
    }

    private static DossierSection Evaluation(DossierEvaluation? e)
    {
        if (e is null)
        {
            return new(DossierText.Evaluation, [new NoteBlock(DossierText.NoEvaluation)]);
        }

        return new(DossierText.Evaluation,
        [
            new FieldsBlock(
            [
                new(DossierText.Overall, DossierText.Both(DossierText.OutcomeName(e.Overall))),
                new(DossierText.AsOf, e.AsOf ?? string.Empty),
                new(DossierText.DecidedAt, e.DecidedAt ?? string.Empty),
                new(DossierText.Application, e.ApplicationId, Mono: true),
                new(DossierText.ReportHash, e.ReportHash, Mono: true),
            ]),
            new TableBlock([DossierText.Criterion, ConsumerText.Standard, DossierText.Outcome], [2.4, 4.6, 1.6],
                [.. e.Criteria.Select(c => (IReadOnlyList<string>)[c.Criterion, DossierText.Both(c.Title), DossierText.Both(DossierText.OutcomeName(c.Outcome))])]),
        ]);
    }

    private static DossierSection Lab(IReadOnlyList<LabResultView> results)
    {
        if (results.Count == 0)
        {
            return new(ConsumerText.Lab, [new NoteBlock(ConsumerText.NoLab)]);
        }

        var blocks = new List<DossierBlock>();
        foreach (var r in results)
        {
            blocks.Add(new FieldsBlock([new(DossierText.Laboratory, r.Lab), new(DossierText.SampleDate, r.SampleDate), new(DossierText.Record, r.RecordId, Mono: true)]));
            blocks.Add(new TableBlock([ConsumerText.Analyte, ConsumerText.Result, ConsumerText.Limit, DossierText.Verdict], [2.6, 1.8, 2.4, 2],
                [.. r.Analytes.Select(a => (IReadOnlyList<string>)
                [
                    a.Name,
                    Number(a.Value) + " " + a.Unit,
                    a.Limit is { } limit ? Number(limit) + " " + a.Unit + (a.LimitSource is { } s ? " (" + s + ")" : string.Empty) : DossierText.Both(ConsumerText.NoLimit),
                    a.Limit is { } max ? DossierText.Both(a.Value <= max ? ConsumerText.Within : ConsumerText.Over) : string.Empty,
                ])]));
        }

        return new(ConsumerText.Lab, blocks);
    }

    private static DossierSection Proofs(BatchDossier d)
    {
        var blocks = new List<DossierBlock>
        {
            new NoteBlock(DossierText.ProofsIntro),
            new FieldsBlock([new(DossierText.ChainId, d.Chain.ChainId.ToString(CultureInfo.InvariantCulture), Mono: true), new(DossierText.Contract, d.Chain.Contract ?? string.Empty, Mono: true)]),
        };
        foreach (var p in d.Proofs)
        {
            var (en, zh) = VerificationText.Role(p.Role);
            var fields = new List<DossierField>
            {
                new(DossierText.Role, DossierText.Both(new(en, zh))),
                new(DossierText.Record, p.RecordId, Mono: true),
                new(DossierText.Status, DossierText.Both(DossierText.ProofStatus(p.Status))),
                new(DossierText.RecordHash, p.RecordHash, Mono: true),
            };
            if (p.Leaf is { } leaf)
            {
                fields.Add(new(DossierText.Leaf, leaf, Mono: true));
            }

            if (p.Root is { } root)
            {
                fields.Add(new(DossierText.Root, root, Mono: true));
            }

            if (p.TransactionHash is { } tx)
            {
                fields.Add(new(DossierText.Transaction, tx, Mono: true));
            }

            if (p.BlockNumber is { } block)
            {
                fields.Add(new(DossierText.Block, block.ToString(CultureInfo.InvariantCulture), Mono: true));
            }

            if (p.Problem is { } problem)
            {
                fields.Add(new(DossierText.Problem, problem));
            }

            blocks.Add(new FieldsBlock(fields));
            if (p.Proof.Count > 0)
            {
                blocks.Add(new CodeBlock(DossierText.MerklePath, string.Join('\n', p.Proof)));
            }

            blocks.Add(new CodeBlock(DossierText.Envelope, p.Envelope));
        }

        return new(DossierText.Proofs, blocks);
    }

    private static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
