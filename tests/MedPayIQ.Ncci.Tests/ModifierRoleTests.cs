using MedPayIQ.Pricing;

namespace MedPayIQ.Ncci.Tests;

/// <summary>The checker reads its modifier roles from the library's one catalog.</summary>
public sealed class ModifierRoleTests
{
    [Fact]
    public void The_checker_bypasses_with_exactly_the_catalogs_ncci_associated_modifiers()
    {
        for (int packed = 1; packed <= Modifier.MaxPackedValue; packed++)
        {
            var m = Modifier.FromPackedValue(packed);
            bool listed = ModifierCatalog.TryGet(m, out var info) && info.IsNcciAssociated;
            Assert.True(listed == NcciChecker.IsNcciAssociated(m), m.ToString());
        }
    }
}

/// <summary>Loader options are checked when set, the same way for both loaders.</summary>
public sealed class LoadOptionsTests
{
    [Fact]
    public void An_invalid_option_throws_where_it_is_set()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NcciLoadOptions { MaxFileBytes = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeeScheduleLoadOptions { MaxFileBytes = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new NcciLoadOptions { Kind = (NcciTableKind)42 });
        Assert.Throws<ArgumentNullException>(() => new FeeScheduleLoadOptions { Notes = null! });
        var copy = new FeeScheduleLoadOptions { MaxFileBytes = 1024 } with { ReleaseId = ReleaseId.Parse("RVU25D") };
        Assert.Equal((1024L, "RVU25D"), (copy.MaxFileBytes, copy.ReleaseId.ToString()));
    }
}
