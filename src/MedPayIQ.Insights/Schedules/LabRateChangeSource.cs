using static MedPayIQ.Insights.InsightText;

namespace MedPayIQ.Insights;

/// <summary>
/// A clinical laboratory test's rate in the CLFS quarter in force against the quarter loaded before it: changed,
/// unchanged, new, or moved between a national limit and contractor pricing (indicator L). Each rate stated is a line
/// the calculator priced on a date of that quarter.
/// </summary>
internal sealed class LabRateChangeSource : PartBInsightSource
{
    public override InsightKind Kind => InsightKind.LabRateChange;

    protected override void Add(InsightContext c, LinePrice bare)
    {
        if (bare.Schedule != PaymentSchedule.ClinicalLaboratory || Lab(c, bare) is not { } now)
        {
            return;
        }

        var earlier = c.Catalog.ClinicalLabSchedules.LastOrDefault(s => s.EffectiveFrom < now.EffectiveFrom);
        if (earlier is null)
        {
            c.Notes.Add($"No CLFS quarter before {now.Name} is loaded: the change of {c.Code}'s rate is not stated.");
            return;
        }

        // The quarter before is the one just before, or the latest loaded before it (the quarters between are not loaded).
        string gap = earlier.EffectiveFrom.AddMonths(3) == now.EffectiveFrom ? "" : $" (the latest quarter loaded before {now.Name}; the quarters between are not loaded)";
        var (beforeClaim, before) = Price(c, default, earlier.NominalEffectiveThrough);
        var (nowClaim, current) = Price(c, default);
        bool listed = earlier.TryGet(c.Code, default, earlier.NominalEffectiveThrough, out var then);
        var evidence = new List<InsightEvidence> { Evidence(current, $"{c.Code}: indicator L") };
        if (listed)
        {
            evidence.Add(Evidence(before, $"{c.Code}: indicator {(char)then.Indicator}"));
        }

        InsightAmount? a = before.Outcome == PriceOutcome.Priced && before.ScheduleName == earlier.Name ? new($"{c.Code} {earlier.Name}", before.AllowedAmount, beforeClaim, 1) : null;
        InsightAmount? b = current.Outcome == PriceOutcome.Priced ? new($"{c.Code} {now.Name}", current.AllowedAmount, nowClaim, 1) : null;
        string text;
        if (!listed)
        {
            text = $"{c.Code} is new in {now.Name}: {earlier.Name}{gap} does not list it.";
        }
        else if (a is not null && b is not null)
        {
            text = a.Amount == b.Amount
                ? $"{c.Code}'s CLFS rate is unchanged from {earlier.Name}{gap}: {Usd(b.Amount)} in both quarters."
                : $"{c.Code}'s CLFS rate changed from {Usd(a.Amount)} in {earlier.Name}{gap} to {Usd(b.Amount)} in {now.Name}.";
        }
        else if (a is not null)
        {
            text = $"{c.Code} had a national limit of {Usd(a.Amount)} in {earlier.Name}{gap}; in {now.Name} the Medicare contractor prices it (indicator L).";
        }
        else if (b is not null)
        {
            text = $"{c.Code} was priced by the Medicare contractor in {earlier.Name}{gap} (indicator L); {now.Name} sets a national limit of {Usd(b.Amount)}.";
        }
        else
        {
            text = $"{c.Code} is priced by the Medicare contractor (indicator L) in {earlier.Name}{gap} and in {now.Name}.";
        }

        c.Add(Kind, text, b?.Amount, InsightContext.Labelled([a?.Label ?? "", b?.Label ?? ""], a, b), Distinct(evidence), []);
    }
}
