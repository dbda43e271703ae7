using EcoValue.Domain.Codes;
using EcoValue.Domain.Identifiers;
using EcoValue.Domain.Registry;
using EcoValue.Domain.Validation;

namespace EcoValue.Domain.Tests.Registry;

/// <summary>A batch's lot must be one its Digital Link can carry: the registry refuses what DigitalLink.ForBatch would.</summary>
public sealed class BatchLotTests
{
    [Theory]
    [InlineData(".", "lot.dot_segment")]
    [InlineData("..", "lot.dot_segment")]
    [InlineData("", "required")]
    [InlineData("L#1", "lot.character")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTU", "lot.too_long")]
    public void Lot_thatNoLinkCanCarry_isRefused_withItsCode(string lot, string code)
    {
        var errors = new FieldErrors();
        Assert.Null(BatchFacts.CheckLot(errors, "lot", lot));
        Assert.Equal(code, Assert.Single(errors.All).Code);
    }

    [Theory]
    [InlineData("...")]
    [InlineData("A/B")]
    [InlineData("2026-11%")]
    public void Lot_theRegistryAccepts_alwaysMakesALink(string lot)
    {
        var errors = new FieldErrors();
        Assert.Equal(lot, BatchFacts.CheckLot(errors, "lot", lot));
        var link = DigitalLink.ForBatch(Gtin.Parse("6901234567892"), lot);
        Assert.Equal(lot, DigitalLink.Parse(link.ToUri("https://ev.example")).Lot);
    }
}
