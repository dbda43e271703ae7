namespace EcoValue.Labels;

/// <summary>
/// One label to print: the exact GS1 Digital Link URL the QR code carries (<paramref name="Link"/>, printable ASCII,
/// e.g. <c>https://ev.example/01/06901234567892/10/LOT-1/21/X7KQ2M9XA3HDP</c>) and the short code printed in text
/// beside it (<paramref name="Text"/>, printable ASCII) so a person can read it out when a scan fails.
/// </summary>
public sealed record LabelCode(string Link, string Text);

/// <summary>
/// What every label of one sheet run says besides its own code. Brand, product and producer may be Chinese
/// (白沙绿茶, 热带雨林国家公园): the PDF draws them once as an image with a CJK typeface, so no font is embedded.
/// The lot is printed in Helvetica and the CSV carries it as is.
/// </summary>
public sealed record LabelSheetHeader(string? BrandName, string Product, string Lot, string? Producer);
