using System.Globalization;
using EcoValue.Domain.Codes;
using EcoValue.Domain.Verification;

namespace EcoValue.Api.Features.Verification;

public static partial class ConsumerPage
{
    /// <summary>Writes the page's sections in one language; each section is skipped when the view has nothing for it.</summary>
    private sealed class PageWriter(HtmlBuilder html, bool zh, ConsumerPageOptions options)
    {
        public HtmlBuilder Html { get; } = html;

        public string L(Bilingual text) => zh ? text.Zh : text.En;

        private string F(Bilingual text, params object?[] args) => string.Format(CultureInfo.InvariantCulture, L(text), args);

        private string Reason(ReasonView r) => zh ? r.Zh : r.En;

        // ---- The answer ----------------------------------------------------------------------------------------

        public void Verdict(VerificationView view)
        {
            var (tone, icon) = Tone(view.Status);
            Html.Raw("<section class=\"verdict ").Raw(tone).Raw("\" aria-labelledby=\"verdict\">\n<p class=\"icon\" aria-hidden=\"true\">").Raw(icon)
                .Raw("</p>\n<h1 id=\"verdict\"><span class=\"word\">").Text(L(ConsumerText.Word(view.Status))).Raw("</span> ")
                .Text(L(view.Headline)).Raw("</h1>\n");
            if (view.Item is { Withdrawn: true } withdrawn)
            {
                Html.Raw("<p><strong>");
                if (withdrawn.WithdrawnReason is { Length: > 0 } why)
                {
                    Html.Text(L(ConsumerText.Withdrawn)).Raw(" ").User(why);
                }
                else
                {
                    Html.Text(L(ConsumerText.WithdrawnNoReason));
                }

                Html.Raw("</strong></p>\n");
            }

            Reasons(view.Reasons);
            if (L(view.Advice) is { Length: > 0 } advice)
            {
                Html.Raw("<p><strong>").Text(advice).Raw("</strong></p>\n");
            }

            if (view.Status is VerificationStatus.Tampered or VerificationStatus.Suspicious)
            {
                Report();
            }

            if (view.Item is { } item)
            {
                Html.Raw("<p>");
                if (item.ScanCount <= 1)
                {
                    Html.Text(L(ConsumerText.FirstScanNow));
                }
                else
                {
                    if (item.FirstScanAt is { } first)
                    {
                        Html.Text(F(ConsumerText.FirstScanOn, When(first))).Raw(" ");
                    }

                    Html.Text(F(ConsumerText.ScansSoFar, item.ScanCount));
                }

                Html.Raw("</p>\n");
            }

            Html.Raw("<p class=\"checked\">").Text(F(ConsumerText.CheckedAt, When(view.CheckedAt))).Raw("</p>\n</section>\n");
        }

        /// <summary>An unknown code (or a link that is no code): what it means, what to do, and the link exactly as scanned.</summary>
        public void Unknown(VerificationView? view, string requestedLink, bool malformed)
        {
            var headline = view is not null && L(view.Headline).Length > 0 ? L(view.Headline)
                : L(malformed ? ConsumerText.InvalidHeadline : ConsumerText.UnknownHeadline);
            Html.Raw("<section class=\"verdict v-bad\" aria-labelledby=\"verdict\">\n<p class=\"icon\" aria-hidden=\"true\">✖</p>\n")
                .Raw("<h1 id=\"verdict\"><span class=\"word\">").Text(L(malformed ? ConsumerText.InvalidWord : ConsumerText.Word(VerificationStatus.Unknown)))
                .Raw("</span> ").Text(headline).Raw("</h1>\n<p>").Text(L(malformed ? ConsumerText.InvalidText : ConsumerText.UnknownText)).Raw("</p>\n");
            if (view is not null)
            {
                Reasons([.. view.Reasons.Where(r => r.Code != "unknown")]);
            }

            var advice = view is not null && L(view.Advice).Length > 0 ? L(view.Advice) : L(ConsumerText.UnknownAdvice);
            Html.Raw("<p><strong>").Text(advice).Raw("</strong></p>\n");
            Report();
            Html.Raw("</section>\n<section class=\"card\" aria-labelledby=\"scanned\">\n<h2 id=\"scanned\">").Text(L(ConsumerText.ScannedLink))
                .Raw("</h2>\n<p class=\"scanned\">").User(requestedLink).Raw("</p>\n</section>\n");
        }

        private void Reasons(IReadOnlyList<ReasonView> reasons)
        {
            if (reasons.Count == 0)
            {
                return;
            }

            Html.Raw("<ul class=\"reasons\">\n");
            foreach (var r in reasons)
            {
                Html.Raw("<li data-code=\"").Text(r.Code).Raw("\">").User(Reason(r)).Raw("</li>\n");
            }

            Html.Raw("</ul>\n");
        }

        private void Report()
        {
            if (options.ReportUrl is { Length: > 0 } url && ConsumerPageOptions.IsReportUrl(url))
            {
                Html.Raw("<p><a href=\"").Text(url).Raw("\">").Text(L(ConsumerText.ReportHere)).Raw("</a></p>\n");
            }
        }

        private static (string Class, string Icon) Tone(VerificationStatus status) => status switch
        {
            VerificationStatus.Genuine => ("v-good", "✔"),
            VerificationStatus.Pending => ("v-wait", "⏳"),
            VerificationStatus.Suspicious or VerificationStatus.Recalled => ("v-warn", "⚠"),
            _ => ("v-bad", "✖"),
        };

        public void Recall(RecallView? recall)
        {
            if (recall is null)
            {
                return;
            }

            Html.Raw("<section class=\"notice\" aria-labelledby=\"recall\">\n<h2 id=\"recall\">").Text(L(ConsumerText.Recall)).Raw("</h2>\n<p>")
                .Text(F(ConsumerText.RecallText, When(recall.At))).Raw(" ").User(recall.Reason).Raw("</p>\n</section>\n");
        }

        // ---- What the product is ---------------------------------------------------------------------------------

        public void Item(ItemView? item)
        {
            if (item is null)
            {
                return;
            }

            Card("pack", ConsumerText.ThisPack);
            StartFacts();
            var grouped = ItemSerial.Grouped(item.Serial);
            Fact(ConsumerText.Code).Raw("<span class=\"hex\">").Text(grouped).Raw("</span>");
            if (item.ShortCode.Length > 0 && item.ShortCode != item.Serial && item.ShortCode != grouped)
            {
                Html.Raw(" (").Text(item.ShortCode).Raw(")");
            }

            Fact(ConsumerText.Issued).Text(When(item.IssuedAt));
            Fact(ConsumerText.FirstScan).Text(item.FirstScanAt is { } first ? When(first) : "—");
            Fact(ConsumerText.Scans).Text(F(ConsumerText.ScanCount, item.ScanCount));
            EndFacts();
            Html.Raw("</section>\n");
        }

        public void Batch(BatchView? batch)
        {
            if (batch is null)
            {
                return;
            }

            Card("product", ConsumerText.Product);
            StartFacts();
            Fact(ConsumerText.Product).User(batch.Product);
            Fact(ConsumerText.Category).Text(L(Category(batch.Category)));
            Fact(ConsumerText.Lot).User(batch.Lot);
            Fact(ConsumerText.Harvested).Text(Day(batch.HarvestDate));
            Fact(ConsumerText.Quantity).Number(batch.Quantity).Raw(" ").User(batch.Unit);
            Fact(ConsumerText.Gtin).Raw("<span class=\"hex\">").Text(batch.Gtin).Raw("</span>");
            EndFacts();
            Html.Raw("</section>\n");
        }

        public void Producer(ProducerView? producer)
        {
            if (producer is null)
            {
                return;
            }

            Card("producer", ConsumerText.Producer);
            StartFacts();
            Fact(ConsumerText.ProducerName).User(producer.Name);
            Fact(ConsumerText.Region).Text(Region(producer.Region));
            if (producer.PlotName is { Length: > 0 } || producer.PlotRegion is not null)
            {
                Fact(ConsumerText.Plot).User(producer.PlotName);
                if (producer.PlotRegion is { } plotRegion)
                {
                    Html.Raw(producer.PlotName is { Length: > 0 } ? " · " : string.Empty).Text(Region(plotRegion));
                }
            }

            EndFacts();
            Html.Raw("</section>\n");
        }

        public void Journey(IReadOnlyList<JourneyStepView> steps)
        {
            Card("journey", ConsumerText.Journey);
            if (steps.Count == 0)
            {
                Html.Raw("<p>").Text(L(ConsumerText.NoJourney)).Raw("</p>\n</section>\n");
                return;
            }

            Html.Raw("<ol class=\"journey\">\n");
            foreach (var step in steps)
            {
                Html.Raw("<li><strong>").Text(L(ConsumerText.Step(step.Kind))).Raw("</strong><br>\n<span class=\"when\">").Text(When(step.OccurredAt)).Raw("</span>");
                var region = step.Region is { } r ? Region(r) : null;
                if (step.Place is { Length: > 0 } || region is not null)
                {
                    Html.Raw("<br>\n").User(step.Place);
                    if (region is not null)
                    {
                        Html.Raw(step.Place is { Length: > 0 } ? " · " : string.Empty).Text(region);
                    }
                }

                Html.Raw("</li>\n");
            }

            Html.Raw("</ol>\n</section>\n");
        }

        public void Lab(IReadOnlyList<LabResultView> results)
        {
            Card("lab", ConsumerText.Lab);
            if (results.Count == 0)
            {
                Html.Raw("<p>").Text(L(ConsumerText.NoLab)).Raw("</p>\n</section>\n");
                return;
            }

            // Three columns fit a 360 px phone: the assessment sits under the value it judges, in words as well as colour.
            foreach (var result in results)
            {
                Html.Raw("<table>\n<caption>").User(result.Lab).Text(zh ? "，" : ", ").Text(F(ConsumerText.Sampled, Day(result.SampleDate))).Raw("</caption>\n<thead><tr><th scope=\"col\">")
                    .Text(L(ConsumerText.Analyte)).Raw("</th><th scope=\"col\">").Text(L(ConsumerText.Result)).Raw("</th><th scope=\"col\">")
                    .Text(L(ConsumerText.Limit)).Raw("</th></tr></thead>\n<tbody>\n");
                foreach (var a in result.Analytes)
                {
                    Html.Raw("<tr><th scope=\"row\">").User(a.Name).Raw("</th><td><span class=\"amount\">").Number(a.Value).Raw(" ").User(a.Unit).Raw("</span><br>\n");
                    if (a.Limit is { } limit)
                    {
                        var over = a.Value > limit;
                        Html.Raw("<span class=\"").Raw(over ? "over" : "within").Raw("\">").Text(over ? "✖ " : "✔ ").Text(L(over ? ConsumerText.Over : ConsumerText.Within))
                            .Raw("</span></td><td><span class=\"amount\">").Number(limit).Raw(" ").User(a.Unit).Raw("</span>");
                        if (a.LimitSource is { Length: > 0 } source)
                        {
                            Html.Raw("<br>\n<span class=\"source\">").User(source).Raw("</span>");
                        }
                    }
                    else
                    {
                        Html.Raw("<span class=\"nolimit\">").Text(L(ConsumerText.NoLimit)).Raw("</span></td><td>—");
                    }

                    Html.Raw("</td></tr>\n");
                }

                Html.Raw("</tbody>\n</table>\n");
            }

            Html.Raw("</section>\n");
        }

        public void Licence(LicenceView? licence)
        {
            Card("licence", ConsumerText.Licence);
            if (licence is null)
            {
                Html.Raw("<p>").Text(L(ConsumerText.NoLicence)).Raw("</p>\n</section>\n");
                return;
            }

            StartFacts();
            Fact(ConsumerText.Brand).User(zh ? licence.Brand.NameZh : licence.Brand.NameEn);
            Fact(ConsumerText.Standard).User(licence.StandardId).Raw(" ").User(licence.StandardVersion);
            Fact(ConsumerText.LicenceStatus).Raw("<strong>").Text(L(ConsumerText.LicenceState(licence.Status))).Raw("</strong>");
            Fact(ConsumerText.ValidFromTo).Text(Day(licence.ValidFrom)).Raw(" – ").Text(Day(licence.ValidUntil));
            Fact(ConsumerText.Certifier).User(licence.Certifier);
            if (licence.StatusReason is { Length: > 0 } reason)
            {
                Fact(ConsumerText.StatusReason).User(reason);
            }

            EndFacts();
            if (SafeHref(licence.VerifyUrl) is { } href)
            {
                Html.Raw("<p><a href=\"").Text(href).Raw("\">").Text(L(ConsumerText.CheckLicence)).Raw("</a></p>\n");
            }

            Html.Raw("</section>\n");
        }

        // ---- The proof -------------------------------------------------------------------------------------------

        public void Proof(VerificationView view, bool checkable)
        {
            Card("check", ConsumerText.CheckYourself);
            if (!checkable)
            {
                Html.Raw("<p>").Text(L(ConsumerText.NoProof)).Raw("</p>\n</section>\n");
                return;
            }

            Html.Raw("<p>").Text(L(ConsumerText.CheckIntro)).Raw("</p>\n")
                .Raw("<p data-ev-js hidden><button type=\"button\" id=\"ev-check\">").Text(L(ConsumerText.CheckButton)).Raw("</button></p>\n")
                .Raw("<noscript><p>").Text(L(ConsumerText.NoScript)).Raw("</p></noscript>\n")
                .Raw("<div id=\"ev-results\" aria-live=\"polite\"></div>\n<details>\n<summary>").Text(L(ConsumerText.ProofData)).Raw("</summary>\n");
            StartFacts();
            Fact(ConsumerText.Link).Raw("<span class=\"hex\">").User(view.Link).Raw("</span>");
            if (view.Chain is { } chain)
            {
                Fact(ConsumerText.ChainId).Number(chain.ChainId);
                Fact(ConsumerText.Contract).Raw("<span class=\"hex\">").Text(chain.Contract ?? "—").Raw("</span>");
                Fact(ConsumerText.PublicRpc).Raw("<span class=\"hex\">").Text(chain.PublicRpcUrl ?? "—").Raw("</span>");
            }

            EndFacts();
            foreach (var p in view.Proofs)
            {
                Html.Raw("<h3>").Text(L(ConsumerText.Role(p.Role))).Raw("</h3>\n");
                StartFacts();
                Fact(ConsumerText.RecordId).Raw("<span class=\"hex\">").Text(p.RecordId).Raw("</span>");
                Fact(ConsumerText.ProofStatus).Text(p.Status);
                Hex(ConsumerText.RecordHash, p.RecordHash);
                Hex(ConsumerText.Leaf, p.Leaf);
                HexList(ConsumerText.MerkleProof, p.Proof);
                Hex(ConsumerText.Root, p.Root);
                if (p.TransactionHash is { } tx)
                {
                    Fact(ConsumerText.Transaction).Raw("<span class=\"hex\">");
                    if (ExplorerLink(view.Chain?.ExplorerTxUrl, tx) is { } link)
                    {
                        Html.Raw("<a href=\"").Text(link).Raw("\">").Text(tx).Raw("</a>");
                    }
                    else
                    {
                        Html.Text(tx);
                    }

                    Html.Raw("</span>");
                }

                if (p.BlockNumber is { } block)
                {
                    Fact(ConsumerText.Block).Number(block);
                }

                if (p.Problem is { Length: > 0 } problem)
                {
                    Fact(ConsumerText.Problem).User(problem);
                }

                Fact(ConsumerText.Record).Raw("<details><summary>").Text(L(ConsumerText.Record)).Raw("</summary><pre class=\"hex\">").Text(p.Envelope).Raw("</pre></details>");
                EndFacts();
            }

            if (view.ItemProof is { } ip)
            {
                Html.Raw("<h3>").Text(L(ConsumerText.ItemProof)).Raw("</h3>\n");
                StartFacts();
                Fact(ConsumerText.Serial).Raw("<span class=\"hex\">").Text(ip.Serial).Raw("</span>");
                Hex(ConsumerText.SerialValue, ip.Value);
                Hex(ConsumerText.Leaf, ip.Leaf);
                HexList(ConsumerText.MerkleProof, ip.Proof);
                Hex(ConsumerText.SerialsRoot, ip.SerialsRoot);
                Fact(ConsumerText.IssuanceRecord).Raw("<span class=\"hex\">").Text(ip.IssuanceRecordId).Raw("</span>");
                EndFacts();
            }

            Html.Raw("</details>\n</section>\n");
        }

        private void Hex(Bilingual label, string? value)
        {
            if (value is not null)
            {
                Fact(label).Raw("<span class=\"hex\">").Text(value).Raw("</span>");
            }
        }

        private void HexList(Bilingual label, IReadOnlyList<string> values)
        {
            if (values.Count == 0)
            {
                return;
            }

            Fact(label).Raw("<ol class=\"hex\">");
            foreach (var v in values)
            {
                Html.Raw("<li>").Text(v).Raw("</li>");
            }

            Html.Raw("</ol>");
        }

        // ---- Pieces ----------------------------------------------------------------------------------------------

        private bool _openFact;

        private void Card(string id, Bilingual heading)
        {
            Html.Raw("<section class=\"card\" aria-labelledby=\"").Raw(id).Raw("\">\n<h2 id=\"").Raw(id).Raw("\">").Text(L(heading)).Raw("</h2>\n");
        }

        private void StartFacts()
        {
            _openFact = false;
            Html.Raw("<dl>\n");
        }

        private void EndFacts()
        {
            Html.Raw(_openFact ? "</dd>\n</dl>\n" : "</dl>\n");
            _openFact = false;
        }

        /// <summary>Closes the previous fact's <c>dd</c> and opens this one's; <see cref="EndFacts"/> closes the last.</summary>
        private HtmlBuilder Fact(Bilingual label)
        {
            if (_openFact)
            {
                Html.Raw("</dd>\n");
            }

            _openFact = true;
            return Html.Raw("<dt>").Text(L(label)).Raw("</dt><dd>");
        }

        private string Region(RegionView region) =>
            (zh ? region.Zh ?? region.En : region.En ?? region.Zh) is { Length: > 0 } name ? name : region.Code;

        /// <summary>An instant (ISO 8601) at the configured offset, labelled with it; what does not parse is shown as it is.</summary>
        private string When(string iso)
        {
            if (!DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                return iso;
            }

            var local = at.ToOffset(TimeSpan.FromHours(options.UtcOffsetHours));
            var zone = options.UtcOffsetHours == 0 ? "UTC" : $"UTC{options.UtcOffsetHours:+0;-0}";
            return zh
                ? local.ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture) + $"（{zone}）"
                : local.ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture) + $" ({zone})";
        }

        /// <summary>A calendar date (yyyy-MM-dd, or the date of an instant) in the page's language.</summary>
        private string Day(string iso)
        {
            if (DateOnly.TryParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return zh ? day.ToString("yyyy年M月d日", CultureInfo.InvariantCulture) : day.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
            }

            return When(iso);
        }

        private static Bilingual Category(string slug) => ConsumerText.CategoryName(slug);

        /// <summary>A link the page may follow: root-relative or absolute http(s); never javascript:, data: or protocol-relative.</summary>
        private static string? SafeHref(string? url) =>
            url is null ? null
            : url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal) ? url
            : Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" ? url
            : null;

        /// <summary>The explorer's page of a transaction: <c>{tx}</c> in the configured URL is replaced, else the hash is appended.</summary>
        private static string? ExplorerLink(string? template, string tx) =>
            template is null ? null
            : SafeHref(template.Contains("{tx}", StringComparison.Ordinal) ? template.Replace("{tx}", tx, StringComparison.Ordinal) : template + tx);
    }
}
