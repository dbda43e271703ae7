using System.Globalization;
using EcoValue.Api.Features.Items;
using EcoValue.Api.Features.Verification;
using EcoValue.Api.Infrastructure;
using EcoValue.Data.Items;
using EcoValue.Data.Registry;
using EcoValue.Domain.Validation;
using EcoValue.Labels;
using Microsoft.AspNetCore.Mvc;

namespace EcoValue.Api.Features.Portal.Pages;

/// <summary>
/// /portal/batches/{id}/codes: a farmer issues item codes for a batch and downloads its labels — the same
/// <see cref="ItemIssuer"/> and label stream as POST /api/v1/batches/{id}/items and GET …/labels, for a phone or a
/// shop PC without the API. Another producer's batch is "not found", as everywhere in the portal.
/// </summary>
public sealed class ItemCodesModel(RegistryRepository repo, ItemRepository items, ItemIssuer issuer, PublicLinks links, VerificationCache cache) : PortalPageModel
{
    public static readonly IReadOnlyDictionary<string, Text> Labels = new Dictionary<string, Text>(StringComparer.Ordinal)
    {
        ["count"] = PortalText.CodesCount,
        ["itemQuantity"] = PortalText.CodesItemQuantity,
    };

    public override Text Title => PortalText.CodesTitle;

    public BatchRow? Batch { get; private set; }

    public LabelBatchRow? Facts { get; private set; }

    public PortalForm Form { get; private set; } = null!;

    public long? IssuedNotice { get; private set; }

    /// <summary>Whether one item's amount must be given (batches weighed or measured, not counted).</summary>
    public bool NeedsItemQuantity => Batch is { } b && !IssueInput.CountableUnits.Contains(b.Unit);

    public string BatchHref => Href("/portal/batches/" + Uri.EscapeDataString(Batch!.Id));

    public string LabelsHref(string format, bool batchOnly = false) =>
        Href("/portal/batches/" + Uri.EscapeDataString(Batch!.Id) + "/codes", ("handler", "labels"), ("format", format), ("scope", batchOnly ? "batch" : null));

    public async Task<IActionResult> OnGetAsync(string id, long? issued, CancellationToken ct)
    {
        Form = new PortalForm(Zh, Labels);
        if (!await LoadAsync(id, ct))
        {
            return NotFoundPage();
        }

        Form["count"] = "100";
        IssuedNotice = issued is > 0 ? issued : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        Form = PortalForm.From(await Request.ReadFormAsync(ct), Zh, Labels);
        if (!await LoadAsync(id, ct))
        {
            return NotFoundPage();
        }

        var batch = Batch!;
        try
        {
            var count = Form.Number("count");
            var input = new IssueInput(count is { } c && c == Math.Floor(c) && c is >= int.MinValue and <= int.MaxValue ? (int)c : count is null ? null : -1, Form.Number("itemQuantity"));
            if (Form.HasErrors)
            {
                return Invalid();
            }

            var (n, perItem) = input.Validate(batch.Unit);
            using (await issuer.TurnAsync(batch.Id, ct))
            {
                await issuer.CheckAsync(batch, n, perItem, ct);
                await issuer.IssueAsync(batch, n, perItem, Caller.Actor, _ => Task.CompletedTask, ct);
            }

            cache.Invalidate(batch.Id);
            return RedirectTo("/portal/batches/" + Uri.EscapeDataString(batch.Id) + "/codes", ("issued", n.ToString(CultureInfo.InvariantCulture)));
        }
        catch (DomainValidationException e)
        {
            Form.AddAll(e.Errors);
        }
        catch (ProblemException e)
        {
            // Over the batch quantity or the quota, or a recalled batch: the same words the API answers with.
            Form.Add(new FieldError("count", e.Slug, e.DetailEn is null ? e.TitleEn : $"{e.TitleEn}: {e.DetailEn}", e.DetailZh is null ? e.TitleZh : $"{e.TitleZh}：{e.DetailZh}"));
        }

        return Invalid();
    }

    /// <summary>GET …/codes?handler=labels&amp;format=pdf|png|svg|csv[&amp;scope=batch]: the label file, streamed like the API's.</summary>
    public async Task<IActionResult> OnGetLabelsAsync(string id, string? format, string? scope, CancellationToken ct)
    {
        Form = new PortalForm(Zh, Labels);
        if (!await LoadAsync(id, ct))
        {
            return NotFoundPage();
        }

        if (!LabelFormats.TryParse(format, out var labelFormat) || !LabelRun.TryParseScope(scope, out var labelScope))
        {
            Form.Add(new FieldError("format", "labels.format", "Choose one of the label formats below.", "请选择下面的标签格式之一。"));
            return Invalid();
        }

        var run = LabelRun.Plan(Facts!, labelScope);
        if (run.Count == 0)
        {
            Form.Add(new FieldError("format", "no-item-codes", "Every item code of this batch is withdrawn: print the batch code instead.", "该批次的商品码均已撤回：请改为打印批次码。"));
            return Invalid();
        }

        return new ResultAction(LabelEndpoints.Stream(run, labelFormat, items, links.ForIssuance(HttpContext), ct));
    }

    private async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        Batch = id is { Length: <= 64 } ? await repo.GetBatchAsync(id, Caller.Scope, ct) : null;
        Facts = Batch is null ? null : await items.GetLabelBatchAsync(Batch.Id, ct);
        return Facts is not null;
    }

    /// <summary>Runs a minimal-API result (the label stream) from a page handler.</summary>
    private sealed class ResultAction(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}
