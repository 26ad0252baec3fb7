using System.Collections.Immutable;
using static MedPayIQ.Insights.InsightText;

namespace MedPayIQ.Insights;

/// <summary>The PC/TC indicator: global = 26 + TC with the three amounts, or what kind of component code it is.</summary>
internal sealed class ComponentsSource : RowInsightSource
{
    public override InsightKind Kind => InsightKind.Components;

    protected override void Add(InsightContext c, ReadOnlySpan<RvuEntry> rows)
    {
        var global = rows[0];
        var r = c.Release!;
        var code = c.Code;
        string indicator = string.Create(Inv, $"PCTC IND {(int)global.PcTc}");
        string? text = global.PcTc switch
        {
            PcTcIndicator.ProfessionalComponentOnly => $"{code} is a professional-component-only code (the interpretation): modifiers 26 and TC do not apply to it.",
            PcTcIndicator.TechnicalComponentOnly => $"{code} is a technical-component-only code: modifiers 26 and TC do not apply; the interpretation has a code of its own.",
            PcTcIndicator.GlobalTestOnly => $"{code} is a global-test-only code: its professional and technical parts have codes of their own; modifiers 26 and TC do not apply.",
            PcTcIndicator.IncidentTo => $"{code} is an incident-to code: modifiers 26 and TC do not apply, and it is not paid for hospital inpatients or outpatients.",
            PcTcIndicator.LaboratoryPhysicianInterpretation => $"{code} is a clinical laboratory code with a separately paid physician interpretation: only the 26 row is paid under the fee schedule.",
            PcTcIndicator.PhysicalTherapy => $"{code} is a physical therapy service: not paid when an independently practicing therapist furnishes it to a hospital patient.",
            PcTcIndicator.PhysicianInterpretation => $"{code} is a physician interpretation code: only the professional component is paid; the technical part is paid under another system.",
            _ => null,
        };
        if (text is not null)
        {
            c.Add(Kind, text, null, [], [InsightContext.RowEvidence(r, global, indicator)], []);
            return;
        }

        if (global.PcTc != PcTcIndicator.DiagnosticTest)
        {
            return;
        }

        var whole = c.PriceLine(c.Primary, default, 1);
        var pc = c.PriceLine(c.Primary, ModifierSet.Of(Modifier.ProfessionalComponent), 1);
        var tc = c.PriceLine(c.Primary, ModifierSet.Of(Modifier.TechnicalComponent), 1);
        var evidence = ImmutableArray.CreateBuilder<InsightEvidence>();
        foreach (var row in rows)
        {
            evidence.Add(InsightContext.RowEvidence(r, row, indicator));
        }

        string figures = whole is not null && pc is not null && tc is not null
            ? $"global {Usd(whole.Amount)} = professional component (26) {Usd(pc.Amount)} + technical component (TC) {Usd(tc.Amount)}{(pc.Amount + tc.Amount == whole.Amount ? "" : " (each row is priced on its own RVUs, so the parts need not add up)")}, {Setting(c.Primary)}"
            : "the 26 and TC rows are priced on their own RVUs";
        c.Add(Kind,
            $"A diagnostic test with professional and technical components: {figures}. Bill the global only when the same practitioner does both; the practitioner who only interprets bills 26, the owner of the equipment bills TC.",
            pc?.Amount, InsightContext.Labelled(["global", "26", "TC"], whole, pc, tc), evidence.ToImmutable(), []);
    }
}
