namespace MedPayIQ.Pricing.Tests;

/// <summary>The one modifier catalog, and the packed values other packages key their tables by.</summary>
public sealed class ModifierCatalogTests
{
    [Theory]
    [InlineData("26", ModifierPaymentEffect.ProfessionalComponent, false, false)]
    [InlineData("50", ModifierPaymentEffect.Bilateral, false, false)]
    [InlineData("RT", ModifierPaymentEffect.RightSide, true, true)]
    [InlineData("F5", ModifierPaymentEffect.None, true, true)]
    [InlineData("78", ModifierPaymentEffect.ReturnToOperatingRoom, true, false)]
    [InlineData("59", ModifierPaymentEffect.None, true, false)]
    [InlineData("XU", ModifierPaymentEffect.None, true, false)]
    [InlineData("25", ModifierPaymentEffect.None, true, false)]
    [InlineData("QK", ModifierPaymentEffect.AnesthesiaMedicalDirection, false, false)]
    [InlineData("AQ", ModifierPaymentEffect.ShortageAreaBonus, false, false)]
    public void Each_modifier_has_its_payment_effect_and_ncci_role(string code, ModifierPaymentEffect effect, bool ncci, bool anatomic)
    {
        Assert.True(ModifierCatalog.TryGet(Modifier.Parse(code), out var info));
        Assert.Equal((effect, ncci, anatomic), (info.PaymentEffect, info.IsNcciAssociated, info.IsAnatomic));
        Assert.Equal(effect, ModifierCatalog.PaymentEffectOf(Modifier.Parse(code)));
    }

    [Fact]
    public void An_unlisted_modifier_is_unknown()
    {
        Assert.False(ModifierCatalog.TryGet(Modifier.Parse("ZZ"), out var info));
        Assert.Null(info);
        Assert.Equal(ModifierPaymentEffect.Unknown, ModifierCatalog.PaymentEffectOf(Modifier.Parse("ZZ")));
        Assert.False(ModifierCatalog.TryGet(Modifier.None, out _));
    }

    [Fact]
    public void The_catalog_lists_each_modifier_once_and_every_anatomic_one_is_ncci_associated()
    {
        var all = ModifierCatalog.All;
        Assert.Equal(all.Length, all.Select(i => i.Modifier).Distinct().Count());
        Assert.All(all.Where(i => i.IsAnatomic), i => Assert.True(i.IsNcciAssociated, i.ToString()));
        Assert.Equal(31, all.Count(i => i.IsAnatomic));
        Assert.Equal(44, all.Count(i => i.IsNcciAssociated));
        Assert.All(all, i => Assert.NotEqual(ModifierPaymentEffect.Unknown, i.PaymentEffect));
    }

    [Theory]
    [InlineData("00001", 2)]
    [InlineData("00100", 1_297)]
    [InlineData("77321", 12_087_866)]
    [InlineData("ZZZZZ", HcpcsCode.MaxPackedValue)]
    public void A_code_packs_to_a_stable_value_and_back(string code, int packed)
    {
        var c = HcpcsCode.Parse(code);
        Assert.Equal(packed, c.PackedValue);
        Assert.Equal(c, HcpcsCode.FromPackedValue(packed));
        Assert.True(HcpcsCode.TryParseUtf8(System.Text.Encoding.ASCII.GetBytes(code), out var fromBytes));
        Assert.Equal(c, fromBytes);
    }

    [Fact]
    public void Packed_values_outside_the_range_are_refused()
    {
        Assert.Equal(HcpcsCode.None, HcpcsCode.FromPackedValue(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => HcpcsCode.FromPackedValue(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => HcpcsCode.FromPackedValue(HcpcsCode.MaxPackedValue + 1));
        Assert.Equal(Modifier.Parse("ZZ"), Modifier.FromPackedValue(Modifier.MaxPackedValue));
        Assert.Equal(Modifier.Parse("TC"), Modifier.FromPackedValue(Modifier.Parse("TC").PackedValue));
        Assert.Throws<ArgumentOutOfRangeException>(() => Modifier.FromPackedValue(Modifier.MaxPackedValue + 1));
        Assert.True(Modifier.TryParseUtf8(" "u8, out var none));
        Assert.Equal(Modifier.None, none);
        Assert.False(HcpcsCode.TryParseUtf8("7732"u8, out _));
    }
}
