using System.Collections.Immutable;
using static MedPayIQ.Insights.InsightText;

namespace MedPayIQ.Insights;

/// <summary>The endoscopy family of a base code (ENDO BASE): a member pays its amount less the base's; a base is not paid with a member.</summary>
internal sealed class FamilySource : RowInsightSource
{
    public override InsightKind Kind => InsightKind.Family;

    protected override void Add(InsightContext c, ReadOnlySpan<RvuEntry> rows)
    {
        var global = rows[0];
        var r = c.Release!;
        var code = c.Code;
        if (global.EndoscopicBaseCode.IsSome && global.EndoscopicBaseCode != code)
        {
            var @base = global.EndoscopicBaseCode;
            var members = Members(r, @base);
            var baseAmount = c.PriceCode(@base);
            var claim = c.NewClaim(c.Primary, c.Line(default, 1), c.Line(default, 1));
            var priced = c.Calculator.Price(claim);
            var amounts = ImmutableArray.CreateBuilder<InsightAmount>();
            string text = $"Endoscopy family of base {@base} ({members.Count} codes in {r.Id}): billed the same day with the base or another member, the family is paid as one procedure";
            if (baseAmount is not null)
            {
                amounts.Add(baseAmount with { Label = $"{@base} (base)" });
                text += $"; the base {@base} is {Usd(baseAmount.Amount)}";
            }

            if (priced.Lines[1].Outcome == PriceOutcome.Priced)
            {
                var second = new InsightAmount("as the second member", priced.Lines[1].AllowedAmount, claim, 2);
                amounts.Add(second);
                text += $", and {code} as the lower-valued member is paid its amount less the base's: {Usd(second.Amount)}";
            }

            c.Add(Kind, text + $" ({Setting(c.Primary)}).", amounts.Count > 0 ? amounts[^1].Amount : null, amounts.ToImmutable(),
                [InsightContext.RowEvidence(r, global, $"ENDO BASE {@base}")], [@base, .. members.Where(m => m != code)]);
            return;
        }

        var family = Members(r, code);
        family.Remove(code);
        if (family.Count == 0)
        {
            return;
        }

        var self = c.PriceLine(c.Primary, default, 1);
        c.Add(Kind,
            $"{code} is the base of an endoscopy family of {family.Count} codes in {r.Id}: billed the same day as a member of its family it is not paid{(self is null ? "" : $" ({Usd(self.Amount)} at risk)")}, and each member is paid its amount less the base's.",
            self?.Amount, self is null ? [] : [self with { Label = $"{code} (base)" }], [InsightContext.RowEvidence(r, global, "ENDO BASE of the family members")], [.. family]);
    }

    /// <summary>The base and the codes whose ENDO BASE it is, in file order.</summary>
    private static List<HcpcsCode> Members(FeeScheduleRelease release, HcpcsCode @base)
    {
        var members = new List<HcpcsCode>();
        foreach (var e in release.Rvus.Rows)
        {
            if (!e.Modifier.IsSome && (e.EndoscopicBaseCode == @base || e.Hcpcs == @base) && !members.Contains(e.Hcpcs))
            {
                members.Add(e.Hcpcs);
            }
        }

        return members;
    }
}
