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
